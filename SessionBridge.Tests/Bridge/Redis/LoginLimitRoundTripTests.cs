using System.Globalization;
using System.Net;
using SessionBridge.Limits;
using SessionBridge.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// A password try asks its three limits (per account and address, per address, per account) in one Redis round trip:
/// one EVALSHA whose script reads every counter and then counts the try in all of them, or, refused, in none. Measured
/// with <see cref="RedisCommandMeter"/> on a wrong sign-in, which does nothing else in Redis.
/// </summary>
public sealed class LoginLimitRoundTripTests(RedisNode node, ITestOutputHelper output) : IClassFixture<RedisNode>
{
    private static int s_addresses;
    private readonly RedisCommandMeter _meter = new(node, output);

    [SkippableFact]
    public async Task A_login_try_costs_one_EVALSHA_that_counts_it_in_all_three_limits()
    {
        await WarmAsync();
        using var browser = From(NewAddress());
        string token = await TokenAsync(browser);

        var first = await _meter.MeasureAsync(async () => Assert.Equal(HttpStatusCode.UnprocessableEntity, await PostLoginAsync(browser, token, "first-try@example.com")));
        var next = await _meter.MeasureAsync(async () => Assert.Equal(HttpStatusCode.UnprocessableEntity, await PostLoginAsync(browser, token, "first-try@example.com")));

        _meter.Report("POST /login, wrong password (a new account and address: three new windows)", first);
        _meter.Report("POST /login, wrong password (the same again)", next);

        // Each counter read, then each counted; a counter that opens a window gets its expiry in the same script.
        RedisCommandMeter.AssertCost(first, ["EVAL"], ("evalsha", 1), ("get", 3), ("incr", 3), ("pexpire", 3));
        RedisCommandMeter.AssertCost(next, ["EVAL"], ("evalsha", 1), ("get", 3), ("incr", 3));
    }

    [SkippableFact]
    public async Task A_refused_login_try_costs_one_EVALSHA_that_counts_it_nowhere()
    {
        await WarmAsync();
        string address = NewAddress();
        using var browser = From(address);
        string token = await TokenAsync(browser);

        // The address's tries are spent (the node allows 10000 a minute): its counter, as the script keeps it.
        string perAddress = "sb:limit:{login}:" + SharedLimits.Partition("login-ip", address);
        await node.Redis.SendAsync("SET", perAddress, "10000", "PX", "60000");

        var refused = await _meter.MeasureAsync(async () => Assert.Equal(HttpStatusCode.TooManyRequests, await PostLoginAsync(browser, token, "refused@example.com")));

        _meter.Report("POST /login, refused by the per-address limit", refused);

        // The per-account-and-address counter read and allowing, the per-address one refusing with its time to live;
        // nothing is counted, and the per-account limit is not even read.
        RedisCommandMeter.AssertCost(refused, ["EVAL"], ("evalsha", 1), ("get", 2), ("pttl", 1));
        Assert.Equal("10000", await node.Redis.SendAsync("GET", perAddress));
    }

    /// <summary>One try unmeasured, so that the node has loaded the script and compiled the path.</summary>
    private async Task WarmAsync()
    {
        using var browser = From(NewAddress());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, await PostLoginAsync(browser, await TokenAsync(browser), "warm@example.com"));
    }

    private HtmxBrowser From(string address)
    {
        var browser = RedisNodes.Browser(node.App, new CookieContainer());
        browser.Client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return browser;
    }

    private static async Task<string> TokenAsync(HtmxBrowser browser) =>
        (await browser.OpenAsync("/login")).Element("#login-form input[name=__RequestVerificationToken]").GetAttribute("value")!;

    /// <summary>A sign-in with a wrong password, as htmx posts it; its status.</summary>
    private static async Task<HttpStatusCode> PostLoginAsync(HtmxBrowser browser, string token, string email)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = email,
                ["password"] = "wrong",
                ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("HX-Request", "true");
        using var response = await browser.Client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            Assert.InRange(int.Parse(response.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 1, 60);
        }

        return response.StatusCode;
    }

    private static string NewAddress()
    {
        // 198.18.0.0/15, the range set aside for tests: a header value here, never an address anything is sent to.
        int n = Interlocked.Increment(ref s_addresses);
        return string.Create(CultureInfo.InvariantCulture, $"198.18.{(n >> 8) & 255}.{n & 255}");
    }
}
