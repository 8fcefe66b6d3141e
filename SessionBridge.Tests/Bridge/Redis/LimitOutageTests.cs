using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// While Redis is down the limits cannot be counted, and they do not let tries through uncounted: a password try is
/// answered 503 (the store outage's answer) before the password is checked, so an outage is neither a way around the
/// limits nor a right/wrong oracle. When Redis returns, the limits count again.
/// </summary>
public sealed class LimitOutageTests
{
    [SkippableFact]
    public async Task While_Redis_is_down_a_sign_in_answers_503_without_checking_the_password_and_works_again_after()
    {
        await using var redis = await RedisServer.StartNewAsync();
        using var node = RedisNodes.Node(redis);
        using var browser = RedisNodes.Browser(node, new CookieContainer());
        var login = await browser.OpenAsync("/login");
        Assert.NotNull(login.Element("#login-form"));
        Assert.Null(browser.Cookie(AppTestExtensions.SessionCookie));

        await redis.StopAsync();
        using (var wrong = await browser.PostLoginOnlyAsync(password: "guess"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, wrong.StatusCode);
            Assert.NotNull(wrong.Headers.RetryAfter);
        }

        using (var right = await browser.PostLoginOnlyAsync())
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, right.StatusCode);
            Assert.False(right.Headers.Contains("HX-Redirect"));
        }

        Assert.Empty(node.Logs.Matching("Login refused"));
        Assert.Equal(2, node.Logs.Matching("Redis rate limit failed").Count);

        await redis.StartAsync();
        await RedisNodes.WaitForHealthyAsync(browser.Client);
        using var after = await browser.PostLoginOnlyAsync();
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal("/account", Assert.Single(after.Headers.GetValues("HX-Redirect")));
    }
}
