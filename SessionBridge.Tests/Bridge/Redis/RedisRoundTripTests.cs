using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// What a request costs in Redis (the target: at most 1 round trip per read and 2 per write, no Redis traffic for
/// requests without a session cookie, at most 300 B per session), counted by the server itself with INFO commandstats.
/// How commands are counted: commandstats also counts the commands a Lua script runs (redis.call), so one EVALSHA of
/// the commit script shows up as evalsha + exists + hset + pexpire. Those run inside Redis in the same round trip;
/// the tests assert the exact per-command delta and derive the top-level commands (= network round trips the node
/// sends) by leaving out the commands only the session scripts run, and cross-check that figure with the node's own
/// count of the operations its multiplexer sent (<see cref="IConnectionMultiplexer.OperationCount"/>). The live event
/// of a save is SPUBLISHed by the commit script itself, so it is one of the commands the script runs inside Redis.
/// </summary>
public sealed class RedisRoundTripTests(RedisNode node, ITestOutputHelper output) : IClassFixture<RedisNode>
{
    // What the create and commit scripts of RedisSessionRecordStore call inside Redis (none of them is sent on its own
    // by the requests measured here).
    private static readonly HashSet<string> s_scriptInternal = new(StringComparer.Ordinal) { "exists", "del", "hset", "hdel", "pexpire", "spublish" };

    [SkippableFact]
    public async Task A_page_or_fragment_that_only_reads_the_session_costs_one_HGETALL()
    {
        using var browser = await WarmVisitorAsync();

        var home = await MeasureAsync(async () =>
        {
            var page = await browser.OpenAsync("/");
            Assert.Equal(HttpStatusCode.OK, page.Response.StatusCode);
            Assert.Equal("dark", page.Document.DocumentElement.GetAttribute("data-theme"));
        });
        var fragment = await MeasureAsync(async () =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/header/greeting", UriKind.Relative));
            request.Headers.Add("HX-Request", "true");
            using var response = await browser.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("Hello, Warm", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        });

        Report("GET / (visitor session)", home);
        Report("GET /header/greeting, htmx (visitor session)", fragment);
        Assert.Equal(Only(("hgetall", 1)), home.Commands);
        Assert.Equal(Only(("hgetall", 1)), fragment.Commands);
        Assert.Equal(1, home.Sent);
        Assert.Equal(1, fragment.Sent);
    }

    [SkippableFact]
    public async Task A_signed_in_page_that_only_reads_the_session_costs_one_HGETALL()
    {
        using var browser = RedisNodes.Browser(node.App, new CookieContainer());
        await SessionBridgeApp.SignInAsync(browser);
        await browser.OpenAsync("/");

        var home = await MeasureAsync(async () => Assert.Equal("Hello, Alice", (await browser.OpenAsync("/")).Text("#greeting")));

        Report("GET / (signed-in session)", home);
        Assert.Equal(Only(("hgetall", 1)), home.Commands);
        Assert.Equal(1, home.Sent);
    }

    [SkippableFact]
    public async Task A_one_key_write_with_its_live_event_costs_HGETALL_and_one_EVALSHA()
    {
        using var browser = await WarmVisitorAsync();
        string token = (await browser.OpenAsync("/")).AntiforgeryToken();

        var write = await MeasureAsync(async () =>
        {
            using var response = await browser.PostSessionValueAsync(token, "language", "de");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });

        Report("POST /session/language (one key)", write);

        // Exactly: the load, and the commit script with what it runs inside Redis, the live event's SPUBLISH included.
        Assert.Equal(Only(("hgetall", 1), ("evalsha", 1), ("exists", 1), ("hset", 1), ("pexpire", 1), ("spublish", 1)), write.Commands);

        // The target: at most 2 round trips per save, its live event included.
        Assert.Equal(2, write.TopLevel);
        Assert.Equal(2, write.Sent);
    }

    [SkippableFact]
    public async Task A_request_without_a_session_cookie_costs_no_Redis_command()
    {
        // Warm the node (key ring loaded for antiforgery tokens), then a new visitor who has no session cookie.
        (await WarmVisitorAsync()).Dispose();

        using var visitor = RedisNodes.Browser(node.App, new CookieContainer());
        var home = await MeasureAsync(async () => Assert.Equal(HttpStatusCode.OK, (await visitor.OpenAsync("/")).Response.StatusCode));
        var login = await MeasureAsync(async () => Assert.NotNull((await visitor.OpenAsync("/login")).Html("#login-form")));
        var table = await MeasureAsync(async () => Assert.NotNull((await visitor.OpenAsync("/session")).Html("#session-table")));

        Report("GET / (no session cookie)", home);
        Report("GET /login (no session cookie)", login);
        Report("GET /session (no session cookie)", table);
        Assert.Null(visitor.Cookie(AppTestExtensions.SessionCookie));
        Assert.Empty(home.Commands);
        Assert.Empty(login.Commands);
        Assert.Empty(table.Commands);
        Assert.Equal(0, home.Sent + login.Sent + table.Sent);
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

    /// <summary>
    /// The commands the server ran while <paramref name="request"/> ran, per command (INFO and CONFIG left out), and
    /// the operations the node's multiplexer sent meanwhile.
    /// </summary>
    private async Task<Measurement> MeasureAsync(Func<Task> request)
    {
        var multiplexer = node.App.Services.GetRequiredService<IConnectionMultiplexer>();
        await node.Redis.QuietCommandCountAsync();
        var before = await node.Redis.CommandStatsAsync();
        long sentBefore = multiplexer.OperationCount;
        await request();

        // What the node sent fire-and-forget (the PUBLISH) may reach the server after the request returned: wait
        // until the server has counted at least what the node sent, then until nothing else arrives.
        var waited = Stopwatch.StartNew();
        while (new Measurement(Delta(before, await node.Redis.CommandStatsAsync()), 0).TopLevel < multiplexer.OperationCount - sentBefore
            && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20);
        }

        await node.Redis.QuietCommandCountAsync();
        return new Measurement(Delta(before, await node.Redis.CommandStatsAsync()), multiplexer.OperationCount - sentBefore);
    }

    private static Dictionary<string, long> Delta(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        after
            .Where(s => s.Key.Split('|')[0] is not ("info" or "config"))
            .Select(s => (s.Key, Calls: s.Value - before.GetValueOrDefault(s.Key)))
            .Where(s => s.Calls != 0)
            .ToDictionary(s => s.Key, s => s.Calls, StringComparer.Ordinal);

    private static Dictionary<string, long> Only(params (string Command, long Calls)[] commands) =>
        commands.ToDictionary(c => c.Command, c => c.Calls, StringComparer.Ordinal);

    private void Report(string what, Measurement measured) =>
        output.WriteLine($"{what}: {measured.TopLevel} top-level command(s) (node sent {measured.Sent}), {measured.Commands.Values.Sum()} counted by commandstats "
            + $"[{string.Join(", ", measured.Commands.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"))}]");

    /// <summary>Per-command calls as the server counted them, and the operations the node sent.</summary>
    private sealed record Measurement(Dictionary<string, long> Commands, long Sent)
    {
        /// <summary>Commands that came over the network: what the session scripts run inside Redis left out.</summary>
        public long TopLevel => Commands.Where(c => !s_scriptInternal.Contains(c.Key)).Sum(c => c.Value);
    }
}
