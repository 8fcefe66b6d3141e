using System.Diagnostics;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SessionBridge.Store;
using SessionBridge.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// A user saving a row of the session table while Redis is away (RedisOutageAppTests covers start-up and a page GET
/// mid-life; these cover the write): the save is reported as not saved, never as a success, the typed value is kept,
/// and once Redis is back on the same port the same save succeeds without restarting the app.
/// Redis is restarted from a snapshot taken just before it is killed (SAVE, then kill), as a Redis with persistence or
/// a promoted replica comes back: a Redis that comes back empty has lost the sessions too, and they are refused as
/// ended (see RedisExpiryTests).
/// </summary>
public sealed class RedisWriteOutageTests(ITestOutputHelper output)
{
    private const string NotSaved = "Not saved: the session store is unavailable. Try again in a moment.";

    [SkippableFact]
    public async Task A_save_when_Redis_is_already_down_answers_503_keeps_the_typed_value_and_succeeds_once_Redis_is_back()
    {
        await using var redis = await RedisServer.StartNewAsync();
        await using var app = RedisNodes.Node(redis);
        using var browser = app.NewBrowser();
        var page = await SavedAdaAsync(app, browser);

        await redis.SendAsync("SAVE");
        await redis.StopAsync();
        await AssertHealthAsync(app, HttpStatusCode.ServiceUnavailable);
        page.Fill("value", "Zed", within: "#row-displayName");
        page = await page.TriggerAsync("#row-displayName form");

        // The session cannot even be loaded, so the gate answers before the page runs: 503 with Retry-After, and the
        // message goes to the page's alert region; the row is left as the user typed it.
        var post = browser.LastRequestTo(HttpMethod.Post, "/session/displayName");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, post.Status);
        Assert.True(page.Response.Headers.RetryAfter is not null, "no Retry-After");
        Assert.Equal("Not saved: the session store is unavailable right now. Try again in a few seconds.", page.Text("#alerts [role=alert]"));
        Assert.Equal("Zed", ((IHtmlInputElement)page.Element("#value-displayName")).Value);
        Assert.Equal("Hello, Ada", page.Text("#greeting"));

        await RecoverAsync(redis, app);
        await AssertHealthAsync(app, HttpStatusCode.OK);
        page = await page.TriggerAsync("#row-displayName form");

        Assert.Equal(HttpStatusCode.OK, browser.LastRequestTo(HttpMethod.Post, "/session/displayName").Status);
        Assert.Equal("Zed", ((IHtmlInputElement)page.Element("#value-displayName")).Value);
        Assert.Null(page.Html("#row-displayName-error"));
        Assert.Equal("Hello, Zed", page.Text("#greeting"));
        Assert.Equal("Zed", (await browser.OpenAsync("/session")).Element("#value-displayName").GetAttribute("value"));
    }

    [SkippableFact]
    public async Task A_save_whose_commit_meets_a_dead_Redis_shows_not_saved_in_the_row_with_the_typed_value_and_succeeds_once_Redis_is_back()
    {
        await using var redis = await RedisServer.StartNewAsync();
        await using var app = RedisNodes.Node(redis).WithServices(services => services.Replace(ServiceDescriptor.Singleton<ISessionRecordStore>(provider =>
            new RedisDiesBeforeCommit(ActivatorUtilities.CreateInstance<RedisSessionRecordStore>(provider), redis))));
        using var browser = app.NewBrowser();
        var page = await SavedAdaAsync(app, browser);

        // Redis is killed after this request loaded the session and before its commit: truly mid-request.
        ((RedisDiesBeforeCommit)app.Services.GetRequiredService<ISessionRecordStore>()).Armed = true;
        page.Fill("value", "Zed", within: "#row-displayName");
        page = await page.TriggerAsync("#row-displayName form");

        Assert.False(redis.IsRunning);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, browser.LastRequestTo(HttpMethod.Post, "/session/displayName").Status);
        Assert.Equal(NotSaved, page.Text("#row-displayName-error"));
        Assert.Equal("invalid", page.Element("#row-displayName").GetAttribute("class"));
        Assert.Equal("Zed", page.Element("#value-displayName").GetAttribute("value"));
        Assert.Equal("true", page.Element("#value-displayName").GetAttribute("aria-invalid"));
        Assert.Equal("Hello, Ada", page.Text("#greeting")); // no session-changed: nothing else refreshed as if saved
        await AssertHealthAsync(app, HttpStatusCode.ServiceUnavailable);

        await RecoverAsync(redis, app);
        Assert.Equal("Ada", (await browser.OpenAsync("/session")).Element("#value-displayName").GetAttribute("value")); // nothing half-written
        page = await page.TriggerAsync("#row-displayName form");

        Assert.Equal(HttpStatusCode.OK, browser.LastRequestTo(HttpMethod.Post, "/session/displayName").Status);
        Assert.Null(page.Html("#row-displayName-error"));
        Assert.Equal("Zed", page.Element("#value-displayName").GetAttribute("value"));
        Assert.Equal("Hello, Zed", page.Text("#greeting"));
        Assert.Equal("Zed", (await browser.OpenAsync("/session")).Element("#value-displayName").GetAttribute("value"));
    }

    /// <summary>Starts Redis again on the same port and waits until the app, not restarted, is healthy again.</summary>
    private async Task RecoverAsync(RedisServer redis, SessionBridgeApp app)
    {
        using var probe = RedisNodes.RawClient(app);
        var stopwatch = Stopwatch.StartNew();
        await redis.StartAsync();
        await RedisNodes.WaitForHealthyAsync(probe);
        output.WriteLine($"Redis back on port {redis.Port}; the app was healthy again {stopwatch.ElapsedMilliseconds} ms after the restart");
    }

    /// <summary>A visitor on /session who has saved the display name "Ada": the session exists in Redis.</summary>
    private static async Task<HtmxPage> SavedAdaAsync(SessionBridgeApp app, HtmxBrowser browser)
    {
        var page = await browser.OpenAsync("/session");
        page.Fill("value", "Ada", within: "#row-displayName");
        page = await page.TriggerAsync("#row-displayName form");
        Assert.Equal(HttpStatusCode.OK, browser.LastRequestTo(HttpMethod.Post, "/session/displayName").Status);
        Assert.Equal("Hello, Ada", page.Text("#greeting"));
        await AssertHealthAsync(app, HttpStatusCode.OK);
        return page;
    }

    /// <summary>/healthz as a load balancer probes it: without cookies.</summary>
    private static async Task AssertHealthAsync(SessionBridgeApp app, HttpStatusCode expected)
    {
        using var probe = RedisNodes.RawClient(app);
        using var health = await probe.GetAsync(new Uri("/healthz", UriKind.Relative));
        string body = await health.Content.ReadAsStringAsync();
        Assert.True(expected == health.StatusCode, $"/healthz answered {(int)health.StatusCode}, expected {(int)expected}: {body}");
        if (expected == HttpStatusCode.ServiceUnavailable)
        {
            Assert.Contains("session store (redis) unavailable", body, StringComparison.Ordinal);
        }
    }

    /// <summary>The real Redis store, except that when armed it snapshots and kills Redis before the next commit.</summary>
    private sealed class RedisDiesBeforeCommit(ISessionRecordStore inner, RedisServer redis) : ISessionRecordStore
    {
        public bool Armed { get; set; }

        public string Kind => inner.Kind;

        public Task<SessionRecord?> LoadAsync(string sessionId, CancellationToken cancellationToken = default) =>
            inner.LoadAsync(sessionId, cancellationToken);

        public Task CreateAsync(string sessionId, SessionInfo info, IReadOnlyDictionary<string, byte[]> values, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
            inner.CreateAsync(sessionId, info, values, expiresAt, cancellationToken);

        public async Task<bool> CommitAsync(string sessionId, SessionChange change, CancellationToken cancellationToken = default)
        {
            if (Armed)
            {
                Armed = false;
                await redis.SendAsync("SAVE");
                await redis.StopAsync();
            }

            return await inner.CommitAsync(sessionId, change, cancellationToken);
        }

        public Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default) =>
            inner.DeleteAsync(sessionId, cancellationToken);

        public Task<(long Bytes, TimeSpan? TimeToLive)> DescribeAsync(string sessionId, CancellationToken cancellationToken = default) =>
            inner.DescribeAsync(sessionId, cancellationToken);

        public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);
    }
}
