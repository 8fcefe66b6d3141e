using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using SessionBridge.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SessionBridge.Tests.Bridge.Store;

/// <summary>
/// The whole app on Redis when Redis is not there: it starts, says why it is unhealthy, answers pages with a clear 503
/// (not a 500, even though the error page's own antiforgery token needs the Redis-held key ring), and recovers by
/// itself when Redis comes back on the same port.
/// </summary>
public sealed partial class RedisOutageAppTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Redis_down_at_start_up_answers_503_and_the_app_recovers_without_a_restart()
    {
        await using var redis = await RedisServer.StartNewAsync();
        await redis.StopAsync();
        using var factory = new SessionBridgeApp();

        // UseSetting, not WithSetting: AddSessionBridge reads the connection string while Program registers services,
        // before configuration sources added with ConfigureAppConfiguration are applied.
        using var app = factory.WithWebHostBuilder(host => host.UseSetting("ConnectionStrings:Redis", redis.ConnectionString));
        using var browser = HtmxBrowser.For(app);

        using (var health = await browser.Client.GetAsync(new Uri("/healthz", UriKind.Relative)))
        {
            string body = await health.Content.ReadAsStringAsync();
            output.WriteLine(body);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
            Assert.Contains("session store (redis) unavailable: Redis PING failed", body, StringComparison.Ordinal);
        }

        using (var login = await browser.Client.GetAsync(new Uri("/login", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, login.StatusCode);
            Assert.True(login.Headers.RetryAfter is not null, "no Retry-After");
            Assert.Contains("the session store is unavailable right now", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await redis.StartAsync();
        await WaitForHealthyAsync(browser);

        var page = await browser.OpenAsync("/login");
        Assert.NotNull(page.Element("#login-form"));
    }

    [SkippableFact]
    public async Task Redis_down_mid_life_answers_a_request_with_a_session_503_not_500()
    {
        await using var redis = await RedisServer.StartNewAsync();
        using var factory = new SessionBridgeApp();
        using var app = factory.WithWebHostBuilder(host => host.UseSetting("ConnectionStrings:Redis", redis.ConnectionString));
        using var browser = HtmxBrowser.For(app);
        var page = await browser.OpenAsync("/session");
        using (var saved = await browser.PostSessionValueAsync(page.AntiforgeryToken(), "theme", "dark"))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        await redis.StopAsync();

        using (var fragment = await SendAsync(browser, "/session", htmx: true))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, fragment.StatusCode);
            Assert.Contains("the session store is unavailable right now", await fragment.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var full = await SendAsync(browser, "/session", htmx: false))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
            Assert.True(full.Headers.RetryAfter is not null, "no Retry-After");
        }

        // StackExchange.Redis names the key of the failed command ("HGETALL sb:{<session id>}"): the outage's log
        // lines name the session only by its short tag.
        var outageLines = factory.Logs.Matching("unavailable");
        Assert.NotEmpty(outageLines);
        Assert.DoesNotContain(factory.Logs.Lines, line => SessionIdInBraces().IsMatch(line.Message));

        await redis.StartAsync();
        await WaitForHealthyAsync(browser);
        using var after = await SendAsync(browser, "/", htmx: false);

        // This test Redis has no persistence, so the restart lost the visitor's session: the app recovers and the
        // visitor carries on as a new one.
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Contains("data-theme=\"system\"", await after.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SendAsync(HtmxBrowser browser, string path, bool htmx)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }

        return await browser.Client.SendAsync(request);
    }

    private static async Task WaitForHealthyAsync(HtmxBrowser browser)
    {
        for (int attempt = 0; ; attempt++)
        {
            using var health = await browser.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
            if (health.StatusCode == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(attempt < 100, "the app did not become healthy after Redis came back");
            await Task.Delay(200);
        }
    }

    [GeneratedRegex(@"sb:(user:)?\{[^}…]+\}")]
    private static partial Regex SessionIdInBraces();
}
