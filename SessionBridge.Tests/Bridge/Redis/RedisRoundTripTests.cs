using System.Globalization;
using System.Net;
using SessionBridge.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// What a request costs in Redis (the target: at most 1 round trip per read and 2 per write, no Redis traffic for
/// requests without a session cookie, at most 300 B per session), counted by the server itself with INFO commandstats
/// and by the node's multiplexer (<see cref="RedisCommandMeter"/>). The live event of a save is SPUBLISHed by the
/// commit script itself, so it is one of the commands the script runs inside Redis.
/// </summary>
public sealed class RedisRoundTripTests(RedisNode node, ITestOutputHelper output) : IClassFixture<RedisNode>
{
    private readonly RedisCommandMeter _meter = new(node, output);

    [SkippableFact]
    public async Task A_page_or_fragment_that_only_reads_the_session_costs_one_HGETALL()
    {
        using var browser = await WarmVisitorAsync();

        var home = await _meter.MeasureAsync(async () =>
        {
            var page = await browser.OpenAsync("/");
            Assert.Equal(HttpStatusCode.OK, page.Response.StatusCode);
            Assert.Equal("dark", page.Document.DocumentElement.GetAttribute("data-theme"));
        });
        var fragment = await _meter.MeasureAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/header/greeting", UriKind.Relative));
            request.Headers.Add("HX-Request", "true");
            using var response = await browser.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Hello, Warm", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        });

        _meter.Report("GET / (visitor session)", home);
        _meter.Report("GET /header/greeting, htmx (visitor session)", fragment);
        RedisCommandMeter.AssertCost(home, ["HGETALL"], ("hgetall", 1));
        RedisCommandMeter.AssertCost(fragment, ["HGETALL"], ("hgetall", 1));
    }

    [SkippableFact]
    public async Task A_signed_in_page_that_only_reads_the_session_costs_one_HGETALL()
    {
        using var browser = RedisNodes.Browser(node.App, new CookieContainer());
        await SessionBridgeApp.SignInAsync(browser);
        await browser.OpenAsync("/");

        var home = await _meter.MeasureAsync(async () => Assert.Equal("Hello, Alice", (await browser.OpenAsync("/")).Text("#greeting")));

        _meter.Report("GET / (signed-in session)", home);
        RedisCommandMeter.AssertCost(home, ["HGETALL"], ("hgetall", 1));
    }

    [SkippableFact]
    public async Task A_one_key_write_with_its_live_event_costs_HGETALL_and_one_EVALSHA()
    {
        using var browser = await WarmVisitorAsync();
        string token = (await browser.OpenAsync("/")).AntiforgeryToken();

        var write = await _meter.MeasureAsync(async () =>
        {
            using var response = await browser.PostSessionValueAsync(token, "language", "de");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });

        _meter.Report("POST /session/language (one key)", write);

        // Exactly: the load, then the commit script with what it runs inside Redis, the live event's SPUBLISH included
        // (the target: at most 2 round trips per save, its live event included).
        RedisCommandMeter.AssertCost(write, ["HGETALL", "EVAL"], ("hgetall", 1), ("evalsha", 1), ("exists", 1), ("hset", 1), ("pexpire", 1), ("spublish", 1));
    }

    [SkippableFact]
    public async Task A_request_without_a_session_cookie_costs_no_Redis_command()
    {
        // Warm the node (key ring loaded for antiforgery tokens), then a new visitor who has no session cookie.
        (await WarmVisitorAsync()).Dispose();

        using var visitor = RedisNodes.Browser(node.App, new CookieContainer());
        var home = await _meter.MeasureAsync(async () => Assert.Equal(HttpStatusCode.OK, (await visitor.OpenAsync("/")).Response.StatusCode));
        var login = await _meter.MeasureAsync(async () => Assert.NotNull((await visitor.OpenAsync("/login")).Html("#login-form")));
        var table = await _meter.MeasureAsync(async () => Assert.NotNull((await visitor.OpenAsync("/session")).Html("#session-table")));

        _meter.Report("GET / (no session cookie)", home);
        _meter.Report("GET /login (no session cookie)", login);
        _meter.Report("GET /session (no session cookie)", table);
        Assert.Null(visitor.Cookie(AppTestExtensions.SessionCookie));
        Assert.Empty(home.Server);
        Assert.Empty(login.Server);
        Assert.Empty(table.Server);
        Assert.Equal(0, home.Operations + login.Operations + table.Operations);
    }

    [SkippableFact]
    public async Task A_visitor_session_with_the_four_real_keys_written_through_the_app_takes_at_most_300_bytes()
    {
        using var browser = RedisNodes.Browser(node.App, new CookieContainer());
        string token = (await browser.OpenAsync("/session")).AntiforgeryToken();
        foreach (var (key, value) in new[] { ("displayName", "Alice"), ("theme", "dark"), ("language", "en"), ("compactMode", "false") })
        {
            using var response = await browser.PostSessionValueAsync(token, key, value);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // MEMORY USAGE: the hash, its key name and its keyspace entry; not its entry in the expires table nor the
        // tables' buckets, which RedisSessionMemoryTests includes by measuring used_memory over 1,000 sessions.
        string redisKey = RedisNodes.RedisKeyOf(browser.Cookie(AppTestExtensions.SessionCookie)!);
        long usage = long.Parse(await node.Redis.SendAsync("MEMORY", "USAGE", redisKey, "SAMPLES", "0"), CultureInfo.InvariantCulture);
        long fields = long.Parse(await node.Redis.SendAsync("HLEN", redisKey), CultureInfo.InvariantCulture);
        string encoding = await node.Redis.SendAsync("OBJECT", "ENCODING", redisKey);
        long ttl = long.Parse(await node.Redis.SendAsync("PTTL", redisKey), CultureInfo.InvariantCulture);
        var inspector = await browser.OpenAsync("/session");

        output.WriteLine($"visitor session, 4 keys written through POST /session/{{key}}: MEMORY USAGE {usage} B, {fields} fields (4 keys + info), {encoding}, TTL {ttl} ms");
        output.WriteLine($"the store inspector on /session says: {inspector.Text("#store-inspector [data-field=bytes]")} B");
        Assert.Equal(5, fields);
        Assert.Equal("listpack", encoding);
        Assert.InRange(ttl, 1, (long)TimeSpan.FromMinutes(20).TotalMilliseconds);
        Assert.Equal(usage.ToString(CultureInfo.InvariantCulture), inspector.Text("#store-inspector [data-field=bytes]"));
        Assert.True(usage <= 300, $"{usage} B of Redis for a visitor session of the four keys; the budget is 300 B");
    }

    /// <summary>A visitor whose session exists and whose node has loaded its scripts and key ring.</summary>
    private async Task<HtmxBrowser> WarmVisitorAsync()
    {
        var browser = RedisNodes.Browser(node.App, new CookieContainer());
        string token = (await browser.OpenAsync("/session")).AntiforgeryToken();
        (await browser.PostSessionValueAsync(token, "theme", "dark")).Dispose();           // create script
        (await browser.PostSessionValueAsync(token, "displayName", "Warm")).Dispose();     // commit script
        await browser.OpenAsync("/");
        Assert.NotNull(browser.Cookie(AppTestExtensions.SessionCookie));
        return browser;
    }
}
