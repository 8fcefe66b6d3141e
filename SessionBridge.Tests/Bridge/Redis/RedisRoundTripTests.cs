using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using SessionBridge.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// What a request and each user action costs in Redis (the target: at most 1 round trip per read and 2 per write, no
/// Redis traffic for requests without a session cookie, at most 300 B per session), counted by the server itself with
/// INFO commandstats and by the node's multiplexer (<see cref="RedisCommandMeter"/>). The live event of a save is
/// SPUBLISHed by the commit script itself, so it is one of the commands the script runs inside Redis. The actions, end
/// to end over HTTP: signing in (the login POST and the landing it redirects to), another tab following a save,
/// revoking one device, signing out everywhere else, signing out. Their figures are asserted exactly, so a change that
/// adds a command or a round trip fails here (and the figures in docs/benchmarks.md move with it).
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
    public async Task A_new_session_costs_its_limit_and_its_creation_in_one_round_trip_and_a_refused_one_leaves_no_key()
    {
        (await WarmVisitorAsync()).Dispose();
        using var visitor = RedisNodes.Browser(node.App, new CookieContainer());
        string token = (await visitor.OpenAsync("/session")).AntiforgeryToken();

        var first = await _meter.MeasureAsync(async () =>
        {
            using var response = await visitor.PostSessionValueAsync(token, "theme", "dark");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });

        _meter.Report("POST /session/theme (a visitor's first save: the session created)", first);

        // The limit on new sessions and the creation go out together.
        RedisCommandMeter.AssertCost(first, ["EVAL+EVAL"], ("evalsha", 2), ("get", 2), ("incrby", 1), ("del", 1), ("hset", 1), ("pexpire", 1));
        Assert.NotNull(visitor.Cookie(AppTestExtensions.SessionCookie));

        // A node that allows one new session per client (an app of its own on this Redis, so that its count starts
        // at zero): the second is created with the limit's answer, refused by it, and deleted at once; no cookie
        // names it and Redis keeps nothing of it.
        using var limited = RedisNodes.Node(node.Redis)
            .WithSetting("SessionBridge:RedisKeyPrefix", "limited:")
            .WithSetting("SessionBridge:NewSessionsPerClient:PermitLimit", "1");
        using var allowed = RedisNodes.Browser(limited, new CookieContainer());
        using var refused = RedisNodes.Browser(limited, new CookieContainer());
        string allowedToken = (await allowed.OpenAsync("/session")).AntiforgeryToken();
        string refusedToken = (await refused.OpenAsync("/session")).AntiforgeryToken();
        using (var response = await allowed.PostSessionValueAsync(allowedToken, "theme", "dark"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var response = await refused.PostSessionValueAsync(refusedToken, "theme", "dark"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        }

        Assert.Null(refused.Cookie(AppTestExtensions.SessionCookie));
        string allowedKey = "limited:" + RedisNodes.RedisKeyOf(allowed.Cookie(AppTestExtensions.SessionCookie)!)["sb:".Length..];
        Assert.Equal([allowedKey], await RedisNodes.KeysAsync(node.Redis, "limited:{*"));
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

    [SkippableFact]
    public async Task Signing_in_costs_the_login_post_and_the_landing()
    {
        await WarmAsync();
        using var browser = RedisNodes.Browser(node.App, new CookieContainer());
        var form = await browser.OpenAsync("/login");
        string token = form.Element("#login-form input[name=__RequestVerificationToken]").GetAttribute("value")!;

        var post = await _meter.MeasureAsync(async () =>
        {
            using var response = await browser.PostLoginAsync(token);
            Assert.Equal("/account", response.Headers.GetValues("HX-Redirect").Single());
        });
        var landing = await _meter.MeasureAsync(async () =>
        {
            var account = await browser.OpenAsync("/account");
            Assert.Equal("alice@example.com", account.Text("#account-email"));
            Assert.NotNull(account.Html("#flash"));
            Assert.Single(account.Document.QuerySelectorAll("#sessions tbody tr"));
        });

        _meter.Report("POST /login (htmx)", post);
        _meter.Report("GET /account (the landing: handoff consumed, session rotated)", landing);
        output.WriteLine($"sign-in, both requests: {post.RoundTrips + landing.RoundTrips} round trip(s), {post.TopLevel + landing.TopLevel} top-level command(s)");

        // The POST: the three login limits in one script (a try refused by one is counted by none), then the limit on
        // new sessions, the pre-login session the handoff is bound to and the handoff's id together.
        RedisCommandMeter.AssertCost(post, ["EVAL", "EVAL+EVAL+EXPIRE+HMSET"],
            ("evalsha", 3), ("get", 5), ("incr", 3), ("incrby", 1), ("del", 1), ("hset", 1), ("pexpire", 1), ("hmset", 1), ("expire", 1));
        Assert.Equal(RedisCommandMeter.Only(("eval", 3), ("hmset", 1), ("expire", 1)), post.Sent);

        // The landing: the session, then together the old id deleted (the atomic step), the new session created and
        // its index entry added, with the index for the list (the new session is not loaded again).
        RedisCommandMeter.AssertCost(landing, ["HGETALL", "EVAL+EXPIRE+HKEYS+HSETNX+UNLINK"],
            ("hgetall", 1), ("unlink", 1), ("evalsha", 1), ("del", 1), ("hset", 1), ("pexpire", 1), ("hsetnx", 1), ("expire", 1), ("hkeys", 1));
        Assert.Equal(4, post.RoundTrips + landing.RoundTrips);
    }

    [SkippableFact]
    public async Task Signing_in_with_a_visitor_session_costs_its_load_more_and_the_handoff_id_alone()
    {
        await WarmAsync();
        using var browser = await WarmVisitorAsync();
        string token = (await browser.OpenAsync("/login")).Element("#login-form input[name=__RequestVerificationToken]").GetAttribute("value")!;

        var post = await _meter.MeasureAsync(async () =>
        {
            using var response = await browser.PostLoginAsync(token);
            Assert.Equal("/account", response.Headers.GetValues("HX-Redirect").Single());
        });
        var landing = await _meter.MeasureAsync(async () =>
        {
            var account = await browser.OpenAsync("/account");
            Assert.Equal("alice@example.com", account.Text("#account-email"));
            Assert.Equal("Hello, Warm", account.Text("#greeting"));
        });

        _meter.Report("POST /login (htmx, a visitor who saved keys before)", post);
        _meter.Report("GET /account (the landing, the visitor's keys carried over)", landing);

        // The POST: the visitor's session, the login limits, then the handoff's id alone (for landings on the release
        // before): the session is stored already, so no command goes with it. The landing is the same as a new
        // visitor's, the carried keys in the creation script.
        RedisCommandMeter.AssertCost(post, ["HGETALL", "EVAL", "EXPIRE+HMSET"],
            ("hgetall", 1), ("evalsha", 1), ("get", 3), ("incr", 3), ("hmset", 1), ("expire", 1));
        RedisCommandMeter.AssertCost(landing, ["HGETALL", "EVAL+EXPIRE+HKEYS+HSETNX+UNLINK"],
            ("hgetall", 1), ("unlink", 1), ("evalsha", 1), ("del", 1), ("hset", 1), ("pexpire", 1), ("hsetnx", 1), ("expire", 1), ("hkeys", 1));
    }

    [SkippableFact]
    public async Task Another_tab_following_a_save_costs_its_stream_one_HGETALL()
    {
        await WarmAsync();
        var jar = new CookieContainer();
        using var tab = RedisNodes.Browser(node.App, jar);
        await SessionBridgeApp.SignInAsync(tab);
        await using var stream = await EventStreamClient.OpenAsync(tab);
        Assert.Equal(": connected", await stream.NextAsync());

        // The save comes from another node, so that what this node sends is the stream's alone.
        await using var other = RedisNodes.Node(node.Redis);
        using var saver = RedisNodes.Browser(other, jar);
        string token = (await saver.OpenAsync("/session")).AntiforgeryToken();
        (await saver.PostSessionValueAsync(token, "theme", "light")).Dispose();
        Assert.Contains("html-changed: {\"data-theme\":\"light\"}", await EventsOfOneChangeAsync(stream));

        var following = await _meter.MeasureAsync(async () =>
        {
            using var response = await saver.PostSessionValueAsync(token, "theme", "dark");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("html-changed: {\"data-theme\":\"dark\"}", await EventsOfOneChangeAsync(stream));
        });

        _meter.Report("GET /events, one event of a save on another node (this node's stream)", following);

        // This node: the session loaded once before the event goes out. The server also counted the other node's save.
        RedisCommandMeter.AssertCost(following, ["HGETALL"],
            ("hgetall", 2), ("evalsha", 1), ("exists", 1), ("hset", 1), ("pexpire", 1), ("spublish", 1));
    }

    [SkippableFact]
    public async Task Revoking_one_device_costs_its_deletion_and_the_index()
    {
        await WarmAsync();
        var (laptop, others) = await SignedInDevicesAsync(3);
        using var _ = laptop;
        var account = await laptop.OpenAsync("/account");
        string token = account.AntiforgeryToken();
        string[] handles = [.. account.Document.QuerySelectorAll("#sessions tbody tr:not(.current) input[name=session]").Select(i => i.GetAttribute("value")!)];
        Assert.Equal(2, handles.Length);

        var htmx = await _meter.MeasureAsync(async () =>
        {
            using var response = await PostAsync(laptop, "/account?handler=revoke", token, htmx: true, ("session", handles[0]));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var region = await FragmentAsync(response);
            Assert.Equal(2, region.QuerySelectorAll("#sessions tbody tr").Length);
            Assert.StartsWith("Signed out", region.QuerySelector("#sessions-region .notice")!.TextContent, StringComparison.Ordinal);
        });
        var noScript = await _meter.MeasureAsync(async () =>
        {
            using var response = await PostAsync(laptop, "/account?handler=revoke", token, htmx: false, ("session", handles[1]));
            Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        });
        var reload = await _meter.MeasureAsync(async () =>
            Assert.Single((await laptop.OpenAsync("/account")).Document.QuerySelectorAll("#sessions tbody tr")));

        _meter.Report("POST /account?handler=revoke (htmx, 3 sessions listed, 2 re-rendered)", htmx);
        _meter.Report("POST /account?handler=revoke (no JavaScript: 303)", noScript);
        _meter.Report("GET /account after it (1 session)", reload);

        // The request's own session, the index, the other sessions loaded once and together (the one ended among
        // them), then its deletion with its index entry; its tabs are told fire-and-forget. Nothing is loaded again.
        RedisCommandMeter.AssertCost(htmx, ["HGETALL", "HKEYS", "HGETALL+HGETALL", "HDEL+UNLINK"],
            ("hgetall", 3), ("hkeys", 1), ("unlink", 1), ("hdel", 1), ("spublish", 1));
        RedisCommandMeter.AssertCost(noScript, ["HGETALL", "HKEYS", "HGETALL", "HDEL+UNLINK"],
            ("hgetall", 2), ("hkeys", 1), ("unlink", 1), ("hdel", 1), ("spublish", 1));
        RedisCommandMeter.AssertCost(reload, ["HGETALL", "HKEYS"], ("hgetall", 1), ("hkeys", 1));
        await AssertSignedOutAsync(others);
    }

    [SkippableFact]
    public async Task Signing_out_everywhere_else_costs_the_deletions_and_the_index()
    {
        await WarmAsync();
        var (laptop, others) = await SignedInDevicesAsync(3);
        using var _ = laptop;
        string token = (await laptop.OpenAsync("/account")).AntiforgeryToken();

        var htmx = await _meter.MeasureAsync(async () =>
        {
            using var response = await PostAsync(laptop, "/account?handler=revokeOthers", token, htmx: true);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Single((await FragmentAsync(response)).QuerySelectorAll("#sessions tbody tr"));
        });

        _meter.Report("POST /account?handler=revokeOthers (htmx, 3 sessions listed, 2 ended)", htmx);

        // The request's own session, the index, then every other session deleted and out of the index together; none
        // of them is loaded.
        RedisCommandMeter.AssertCost(htmx, ["HGETALL", "HKEYS", "HDEL+HDEL+UNLINK+UNLINK"],
            ("hgetall", 1), ("hkeys", 1), ("unlink", 2), ("hdel", 2), ("spublish", 2));
        await AssertSignedOutAsync(others);
    }

    [SkippableFact]
    public async Task Signing_out_costs_the_deletion_the_index_and_the_event()
    {
        await WarmAsync();
        using var browser = RedisNodes.Browser(node.App, new CookieContainer());
        string token = (await SessionBridgeApp.SignInAsync(browser)).AntiforgeryToken();

        var signOut = await _meter.MeasureAsync(async () =>
        {
            using var response = await PostAsync(browser, "/logout", token, htmx: true);
            Assert.StartsWith("/login", response.Headers.GetValues("HX-Redirect").Single(), StringComparison.Ordinal);
        });

        _meter.Report("POST /logout (htmx)", signOut);

        // The session, then its deletion together with its index entry; its tabs are told fire-and-forget.
        RedisCommandMeter.AssertCost(signOut, ["HGETALL", "HDEL+UNLINK"], ("hgetall", 1), ("hdel", 1), ("unlink", 1), ("spublish", 1));
        Assert.Equal("/login", (await browser.OpenAsync("/account")).Url.AbsolutePath);
    }

    /// <summary>
    /// Runs every action once unmeasured, so that the node has its scripts and key ring loaded and none of the code
    /// measured is compiled between two commands that go out together; then empties Alice's session index, so that
    /// the sessions left by this and other tests of the class are not listed (and loaded) with the test's own.
    /// </summary>
    private async Task WarmAsync()
    {
        var (laptop, others) = await SignedInDevicesAsync(4);
        var account = await laptop.OpenAsync("/account");
        string token = account.AntiforgeryToken();
        string[] handles = [.. account.Document.QuerySelectorAll("#sessions tbody tr:not(.current) input[name=session]").Select(i => i.GetAttribute("value")!)];
        (await PostAsync(laptop, "/account?handler=revoke", token, htmx: true, ("session", handles[0]))).Dispose();
        (await PostAsync(laptop, "/account?handler=revoke", token, htmx: false, ("session", handles[1]))).Dispose();
        (await PostAsync(laptop, "/account?handler=revokeOthers", token, htmx: true)).Dispose();
        (await laptop.PostSessionValueAsync(token, "theme", "dark")).Dispose();
        (await PostAsync(laptop, "/logout", token, htmx: true)).Dispose();
        laptop.Dispose();
        others.ForEach(other => other.Dispose());
        await node.Redis.SendAsync("DEL", "sb:user:{alice}");
    }

    /// <summary>Alice signed in on <paramref name="count"/> browsers; the last one is returned apart.</summary>
    private async Task<(HtmxBrowser Last, List<HtmxBrowser> Others)> SignedInDevicesAsync(int count)
    {
        var browsers = new List<HtmxBrowser>();
        for (int i = 0; i < count; i++)
        {
            var browser = RedisNodes.Browser(node.App, new CookieContainer());
            await SessionBridgeApp.SignInAsync(browser);
            browsers.Add(browser);
        }

        return (browsers[^1], browsers[..^1]);
    }

    /// <summary>Each browser's next page is the login page: its session ended.</summary>
    private static async Task AssertSignedOutAsync(List<HtmxBrowser> browsers)
    {
        foreach (var browser in browsers)
        {
            Assert.Equal("/login", (await browser.OpenAsync("/session")).Url.AbsolutePath);
            browser.Dispose();
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(HtmxBrowser browser, string path, string antiforgeryToken, bool htmx, params (string Name, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))),
        };
        request.Headers.Add("RequestVerificationToken", antiforgeryToken);
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }

        return await browser.Client.SendAsync(request);
    }

    /// <summary>
    /// The events one change sends, up to its rendered markup, which comes last: read whole, so that the next change's
    /// events are not mistaken for this one's (the rendered theme switch names every theme).
    /// </summary>
    private static async Task<List<string>> EventsOfOneChangeAsync(EventStreamClient stream)
    {
        List<string> events = [];
        while (await stream.NextEventAsync() is { } item)
        {
            events.Add(item);
            if (item.StartsWith("session-rendered: ", StringComparison.Ordinal))
            {
                return events;
            }
        }

        throw new InvalidOperationException("The stream ended before the change's rendered event: " + string.Join(" | ", events));
    }

    private static async Task<IHtmlDocument> FragmentAsync(HttpResponseMessage response) =>
        new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());

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
