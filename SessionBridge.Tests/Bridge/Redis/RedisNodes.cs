using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using SessionBridge.Store;
using SessionBridge.Tests.Infrastructure;
using StackExchange.Redis;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// One node on a redis-server of its own, started once for a test class (so every command that server counts is the
/// node's). Tests that stop Redis start their own server instead.
/// </summary>
public sealed class RedisNode : IAsyncLifetime
{
    private SessionBridgeApp? _app;

    public RedisServer Redis { get; } = new();

    /// <summary>The node; skips the test (fails it under CI=true) when redis-server is missing.</summary>
    public SessionBridgeApp App
    {
        get
        {
            Redis.EnsureAvailable();
            return _app!;
        }
    }

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        if (Redis.IsRunning)
        {
            _app = RedisNodes.Node(Redis);
            _ = _app.Services;
        }
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }
}

/// <summary>
/// App nodes on a real Redis, and the ways a test reaches them: browsers whose cookie jar may be shared between nodes
/// (one user moving between nodes behind a load balancer without sticky sessions), and raw clients that send exactly
/// the cookie they are given (to see a refusal's 303 or HX-Redirect before any cookie jar reacts to it).
/// </summary>
internal static class RedisNodes
{
    /// <summary>
    /// A node on <paramref name="redis"/>, with StackExchange.Redis's default timeouts (5 s: room for a loaded machine's
    /// first connect; a stopped Redis fails at once anyway, as the app keeps no backlog). The login rate limit is
    /// lifted because each node counts attempts in its own memory and the tests of one class sign in many times; so is the
    /// limit on new sessions per client, as a test creates many sessions from one address. Their windows last a day, so
    /// that none ends between two requests a test measures: a new window costs a PEXPIRE more.
    /// </summary>
    public static SessionBridgeApp Node(RedisServer redis) => Node(redis.ConnectionString);

    /// <summary>A node on the Redis (or Redis Cluster) of <paramref name="connectionString"/>, as <see cref="Node(RedisServer)"/>.</summary>
    public static SessionBridgeApp Node(string connectionString) => new SessionBridgeApp()
        .WithSetting("ConnectionStrings:Redis", connectionString)
        .WithSetting("LoginRateLimit:PerEmail", "10000")
        .WithSetting("LoginRateLimit:PerIp", "10000")
        .WithSetting("LoginRateLimit:Window", "1.00:00:00")
        .WithSetting("SessionBridge:NewSessionsPerClient:PermitLimit", "100000")
        .WithSetting("SessionBridge:NewSessionsPerClient:Window", "1.00:00:00");

    /// <summary>A browser on <paramref name="node"/> whose cookies live in <paramref name="jar"/> (share it to move between nodes).</summary>
    public static HtmxBrowser Browser(SessionBridgeApp node, CookieContainer jar) =>
        new(node.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(jar)), jar);

    /// <summary>A client that neither follows redirects nor keeps cookies.</summary>
    public static HttpClient RawClient(SessionBridgeApp node) =>
        node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    /// <summary>GET <paramref name="path"/> with only the given session cookie, as a page or as an htmx fragment request.</summary>
    public static async Task<HttpResponseMessage> GetWithSessionAsync(HttpClient client, string path, string sessionCookie, bool htmx)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("Cookie", AppTestExtensions.SessionCookie + "=" + sessionCookie);
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }

        return await client.SendAsync(request);
    }

    /// <summary>The Redis key of the session a cookie names (the default "sb:" prefix, the id as hash tag).</summary>
    public static string RedisKeyOf(string sessionCookie) =>
        "sb:{" + (SessionToken.TryRead(sessionCookie)?.Id ?? throw new ArgumentException("not a session token", nameof(sessionCookie))) + "}";

    /// <summary>The session tag the /account rows and the store inspector show for a cookie.</summary>
    public static string TagOf(string sessionCookie) => SessionToken.LogTag(SessionToken.TryRead(sessionCookie)?.Id);

    /// <summary>Keys matching a pattern, over an admin connection of its own.</summary>
    public static async Task<string[]> KeysAsync(RedisServer redis, string pattern)
    {
        using var admin = await redis.ConnectAsync();
        var keys = await admin.GetDatabase().ExecuteAsync("KEYS", pattern);
        return [.. ((RedisResult[])keys!).Select(k => (string)k!)];
    }

    /// <summary>Polls /healthz until it answers 200 (the multiplexer reconnects by itself after an outage).</summary>
    public static async Task WaitForHealthyAsync(HttpClient client)
    {
        for (int attempt = 0; ; attempt++)
        {
            using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
            if (health.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(attempt < 100, "the app did not become healthy within 20 s of Redis coming back");
            await Task.Delay(200);
        }
    }
}
