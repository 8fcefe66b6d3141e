using System.Globalization;
using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// Session expiry is the Redis key's TTL (nothing sweeps): once Redis has dropped the key, the app refuses the session
/// on the next page, fragment or event stream. The TTL is run out with PEXPIRE key 1 on the server (the shortest idle
/// timeout the app accepts is a minute).
/// </summary>
public sealed class RedisExpiryTests(RedisNode node) : IClassFixture<RedisNode>
{
    [SkippableFact]
    public async Task A_signed_in_session_whose_Redis_TTL_ran_out_is_refused_on_the_next_page_and_fragment()
    {
        using var browser = RedisNodes.Browser(node.App, new CookieContainer());
        await SessionBridgeApp.SignInAsync(browser);
        string cookie = browser.Cookie(AppTestExtensions.SessionCookie)!;
        string key = RedisNodes.RedisKeyOf(cookie);
        long ttl = long.Parse(await node.Redis.SendAsync("PTTL", key), CultureInfo.InvariantCulture);
        Assert.InRange(ttl, TimeSpan.FromMinutes(19).TotalMilliseconds, TimeSpan.FromMinutes(20).TotalMilliseconds); // the 20 min idle timeout

        await ExpireAsync(key);

        using var raw = RedisNodes.RawClient(node.App);
        using (var page = await RedisNodes.GetWithSessionAsync(raw, "/account", cookie, htmx: false))
        {
            Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
            Assert.Equal("/login?reason=session-ended", page.Headers.Location?.OriginalString);
            Assert.Contains(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AppTestExtensions.SessionCookie + "=;", StringComparison.Ordinal));
        }

        using (var fragment = await RedisNodes.GetWithSessionAsync(raw, "/header/greeting", cookie, htmx: true))
        {
            Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
            Assert.Equal("/login?reason=session-ended", Assert.Single(fragment.Headers.GetValues("HX-Redirect")));
            Assert.Empty(await fragment.Content.ReadAsStringAsync());
        }

        var landed = await browser.OpenAsync("/account");
        Assert.Equal("/login", landed.Url.AbsolutePath);
        Assert.Equal("Your session has ended (it expired or was signed out). Please sign in again.", landed.Text(".notice"));
        Assert.Equal("0", await node.Redis.SendAsync("EXISTS", key)); // the refusal did not bring it back
    }

    [SkippableFact]
    public async Task The_user_index_forgets_an_expired_session_when_it_is_listed_without_a_sweeper()
    {
        using var phone = RedisNodes.Browser(node.App, new CookieContainer());
        await SessionBridgeApp.SignInAsync(phone, "bob@example.com", SessionBridgeApp.BobPassword);
        string phoneCookie = phone.Cookie(AppTestExtensions.SessionCookie)!;
        string phoneId = RedisNodes.RedisKeyOf(phoneCookie)["sb:{".Length..^1];
        Assert.Equal("1", await node.Redis.SendAsync("HEXISTS", "sb:user:{bob}", phoneId));

        await ExpireAsync(RedisNodes.RedisKeyOf(phoneCookie));
        using var laptop = RedisNodes.Browser(node.App, new CookieContainer());
        var account = await SessionBridgeApp.SignInAsync(laptop, "bob@example.com", SessionBridgeApp.BobPassword);

        Assert.Equal("bob@example.com", account.Text("#account-email"));
        Assert.Null(account.Html("#session-" + RedisNodes.TagOf(phoneCookie)));
        Assert.Equal("0", await node.Redis.SendAsync("HEXISTS", "sb:user:{bob}", phoneId));
    }

    [SkippableFact]
    public async Task An_open_event_stream_of_a_session_whose_TTL_ran_out_gets_signed_out_at_the_next_heartbeat()
    {
        using var browser = RedisNodes.Browser(node.App, new CookieContainer());
        await SessionBridgeApp.SignInAsync(browser);
        await using var tab = await EventStreamClient.OpenAsync(browser);
        Assert.Equal(": connected", await tab.NextAsync(TimeSpan.FromSeconds(5)));

        await ExpireAsync(RedisNodes.RedisKeyOf(browser.Cookie(AppTestExtensions.SessionCookie)!));
        var next = tab.NextAsync(TimeSpan.FromSeconds(5));
        node.App.Time.Advance(TimeSpan.FromSeconds(15));

        Assert.Equal("signed-out: ", await next);
        Assert.Null(await tab.NextAsync(TimeSpan.FromSeconds(5)));
    }

    /// <summary>Runs the key's TTL out and waits until Redis has dropped it.</summary>
    private async Task ExpireAsync(string key)
    {
        Assert.Equal("1", await node.Redis.SendAsync("PEXPIRE", key, "1"));
        for (int attempt = 0; await node.Redis.SendAsync("EXISTS", key) != "0"; attempt++)
        {
            Assert.True(attempt < 100, $"{key} still exists 1 s after its TTL ran out");
            await Task.Delay(10);
        }
    }
}
