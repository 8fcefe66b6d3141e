using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Limits;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// With Redis configured every limit counts once for the whole deployment: two app nodes on one Redis, tries
/// alternating between them, and each limit trips at its configured count. Each test starts its own pair of nodes
/// with its own limits; its tries come from an address of its own (forwarded by a trusted proxy), so tests sharing a
/// Redis do not count each other's tries. Run on one redis-server (<see cref="RedisLimitTests"/>) and on a Redis
/// Cluster (<see cref="ClusterLimitTests"/>).
/// </summary>
public abstract class CrossNodeLimitTests
{
    private static int s_addresses;

    /// <summary>The shared Redis; skips the test (fails it under CI=true) when redis-server is missing.</summary>
    protected abstract string ConnectionString { get; }

    [SkippableFact]
    public async Task Sign_in_tries_for_one_account_alternating_between_nodes_trip_at_the_per_account_limit()
    {
        var (a, b) = Nodes(("LoginRateLimit:PerEmailAllAddresses", "5"), ("LoginRateLimit:PerEmail", "100"), ("LoginRateLimit:PerIp", "100"));
        using var _ = a;
        using var __ = b;
        Assert.Equal("redis", a.Services.GetRequiredService<SharedLimits>().Kind);
        string email = "guess-" + Guid.NewGuid().ToString("N")[..12] + "@example.com";

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 8; i++)
        {
            // Every try from another address, so only the per-account limit can stop them.
            using var guesser = Browser(i % 2 == 0 ? a : b, new CookieContainer(), NewAddress());
            using var wrong = await guesser.PostLoginOnlyAsync(email: email, password: "guess" + i);
            statuses.Add(wrong.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.UnprocessableEntity, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)], statuses);
    }

    [SkippableFact]
    public async Task Sign_in_tries_from_one_address_alternating_between_nodes_trip_at_the_per_account_and_address_limit()
    {
        var (a, b) = Nodes(("LoginRateLimit:PerEmailAllAddresses", "100"), ("LoginRateLimit:PerEmail", "3"), ("LoginRateLimit:PerIp", "100"));
        using var _ = a;
        using var __ = b;
        string address = NewAddress();
        var jar = new CookieContainer();
        using var onA = Browser(a, jar, address);
        using var onB = Browser(b, jar, address);

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 6; i++)
        {
            using var wrong = await (i % 2 == 0 ? onA : onB).PostLoginOnlyAsync(email: "bob@example.com", password: "guess" + i);
            statuses.Add(wrong.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.UnprocessableEntity, 3), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)], statuses);

        // The owner, from another address, is not locked out by them.
        using var owner = Browser(b, new CookieContainer(), NewAddress());
        using var signIn = await owner.PostLoginOnlyAsync(email: "bob@example.com", password: SessionBridgeApp.BobPassword);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
    }

    [SkippableFact]
    public async Task Sign_in_tries_refused_by_the_per_account_limit_are_counted_by_no_limit_on_either_node()
    {
        var (a, b) = Nodes(("LoginRateLimit:PerEmailAllAddresses", "2"), ("LoginRateLimit:PerEmail", "100"), ("LoginRateLimit:PerIp", "3"));
        using var _ = a;
        using var __ = b;
        string email = "guess-" + Guid.NewGuid().ToString("N")[..12] + "@example.com";
        for (int i = 0; i < 2; i++)
        {
            using var guesser = Browser(i % 2 == 0 ? a : b, new CookieContainer(), NewAddress());
            using var wrong = await guesser.PostLoginOnlyAsync(email: email, password: "guess" + i);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        }

        string address = NewAddress();
        var jar = new CookieContainer();
        using var onA = Browser(a, jar, address);
        using var onB = Browser(b, jar, address);
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 3; i++)
        {
            using var refused = await (i % 2 == 0 ? onA : onB).PostLoginOnlyAsync(email: email, password: "guess" + i);
            statuses.Add(refused.StatusCode);
        }

        // The address still has all of its 3 tries, and no more.
        for (int i = 0; i < 4; i++)
        {
            using var other = await (i % 2 == 0 ? onB : onA).PostLoginOnlyAsync(email: $"other{i}-{email}", password: "guess");
            statuses.Add(other.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3), .. Enumerable.Repeat(HttpStatusCode.UnprocessableEntity, 3), HttpStatusCode.TooManyRequests], statuses);
    }

    [SkippableFact]
    public async Task New_sessions_from_one_client_alternating_between_nodes_trip_at_the_configured_count()
    {
        var (a, b) = Nodes(("SessionBridge:NewSessionsPerClient:PermitLimit", "8"));
        using var _ = a;
        using var __ = b;
        string address = NewAddress();
        var jar = new CookieContainer();
        using var onA = Browser(a, jar, address);
        using var onB = Browser(b, jar, address);
        string token = (await onA.OpenAsync("/session")).AntiforgeryToken();

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 16; i++)
        {
            // No session cookie: every save starts a new session.
            ForgetSession(jar);
            using var save = await (i % 2 == 0 ? onA : onB).PostSessionValueAsync(token, "displayName", "flood" + i);
            statuses.Add(save.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 8), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 8)], statuses);
    }

    [SkippableFact]
    public async Task Step_up_password_tries_alternating_between_nodes_trip_at_the_configured_count()
    {
        var (a, b) = Nodes(("LoginRateLimit:PerEmailAllAddresses", "10000"), ("LoginRateLimit:PerEmail", "5"), ("LoginRateLimit:PerIp", "10000"));
        using var _ = a;
        using var __ = b;
        using var phone = Browser(a, new CookieContainer(), NewAddress());
        await SessionBridgeApp.SignInAsync(phone);
        string address = NewAddress();
        var jar = new CookieContainer();
        using var onA = Browser(a, jar, address);
        using var onB = Browser(b, jar, address);
        await SessionBridgeApp.SignInAsync(onA);
        a.Time.Advance(TimeSpan.FromMinutes(11));
        b.Time.Advance(TimeSpan.FromMinutes(11));
        var account = await onB.OpenAsync("/account");
        Assert.NotNull(account.Html("#stepup-password"));
        string token = account.Element("#revoke-others input[name=__RequestVerificationToken]").GetAttribute("value")!;

        // Her sign-in was the first of the 5 tries of her account from this address; 4 wrong re-checks spend the rest.
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 5; i++)
        {
            string password = i < 4 ? "guess" + i : SessionBridgeApp.AlicePassword;
            using var revoke = await PostRevokeOthersAsync(i % 2 == 0 ? onA : onB, token, password);
            statuses.Add(revoke.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.UnprocessableEntity, 4), HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("alice@example.com", (await phone.OpenAsync("/account")).Text("#account-email"));
    }

    private static string NewAddress()
    {
        // 198.18.0.0/15, the range set aside for tests: a header value here, never an address anything is sent to.
        int n = Interlocked.Increment(ref s_addresses);
        return string.Create(CultureInfo.InvariantCulture, $"198.{18 + ((n >> 16) & 1)}.{(n >> 8) & 255}.{n & 255}");
    }

    private static HtmxBrowser Browser(SessionBridgeApp node, CookieContainer jar, string address)
    {
        var browser = RedisNodes.Browser(node, jar);
        browser.Client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return browser;
    }

    private static void ForgetSession(CookieContainer jar)
    {
        foreach (Cookie cookie in jar.GetCookies(new Uri("http://localhost/")))
        {
            if (cookie.Name == AppTestExtensions.SessionCookie)
            {
                cookie.Expired = true;
            }
        }
    }

    private static async Task<HttpResponseMessage> PostRevokeOthersAsync(HtmxBrowser browser, string token, string password)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account?handler=revokeOthers")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["password"] = password }),
        };
        request.Headers.Add("HX-Request", "true");
        return await browser.Client.SendAsync(request);
    }

    /// <summary>Two nodes on the shared Redis with the limits of this test (the others as appsettings.json has them).</summary>
    private (SessionBridgeApp A, SessionBridgeApp B) Nodes(params (string Key, string Value)[] settings)
    {
        string connectionString = ConnectionString;
        SessionBridgeApp Node()
        {
            var node = new SessionBridgeApp().WithSetting("ConnectionStrings:Redis", connectionString);
            foreach (var (key, value) in settings)
            {
                node.WithSetting(key, value);
            }

            return node;
        }

        return (Node(), Node());
    }
}

/// <summary>The cross-node limit tests on two nodes of one redis-server.</summary>
public sealed class RedisLimitTests(RedisServer redis) : CrossNodeLimitTests, IClassFixture<RedisServer>
{
    protected override string ConnectionString => redis.ConnectionString;
}

/// <summary>The cross-node limit tests on a Redis Cluster: each counter's two keys share a slot (one hash tag).</summary>
[Collection(ClusterCollectionDefinition.Name)]
public sealed class ClusterLimitTests(ClusterNodes nodes) : CrossNodeLimitTests
{
    protected override string ConnectionString
    {
        get
        {
            nodes.Cluster.EnsureAvailable();
            return nodes.Cluster.ConnectionString;
        }
    }
}
