using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SessionBridge.Keys;
using SessionBridge.Tests.Infrastructure;
using SessionBridge.Web.Pages.Session;

namespace SessionBridge.Tests.Pages.Session;

/// <summary>How long session data lives: remembered devices, idle expiry, the absolute cap, and carry-over at login.</summary>
public sealed class SessionLifetimeTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Remember_this_device_makes_the_session_cookie_persistent_for_30_days()
    {
        using var browser = _app.NewBrowser();
        using var _ = await browser.PostLoginOnlyAsync(rememberMe: true);

        using var landing = await browser.Client.GetAsync("/account");

        string cookie = SessionSetCookie(landing);
        Assert.Contains("max-age=2592000", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_remember_me_the_session_cookie_ends_with_the_browser()
    {
        using var browser = _app.NewBrowser();
        using var _ = await browser.PostLoginOnlyAsync(rememberMe: false);

        using var landing = await browser.Client.GetAsync("/account");

        string cookie = SessionSetCookie(landing);
        Assert.DoesNotContain("max-age", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Idle_visitor_session_expires_and_the_visitor_carries_on_as_a_new_visitor()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        (await browser.PostSessionValueAsync(page.AntiforgeryToken(), "theme", "dark")).Dispose();

        _app.Time.Advance(TimeSpan.FromMinutes(21));
        var after = await browser.OpenAsync("/session");

        Assert.Equal("/session", after.Url.AbsolutePath);
        Assert.Null(after.Document.QuerySelector(".notice"));
        Assert.Equal("system", after.Document.DocumentElement.GetAttribute("data-theme"));
        Assert.Null(browser.Cookie(AppTestExtensions.SessionCookie));
        Assert.Single(_app.Logs.Matching("carries on as a new visitor"));
    }

    [Fact]
    public async Task Expired_visitor_fragment_is_answered_not_redirected_to_sign_in()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        (await browser.PostSessionValueAsync(page.AntiforgeryToken(), "displayName", "Zed")).Dispose();

        _app.Time.Advance(TimeSpan.FromMinutes(21));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/header/greeting");
        request.Headers.Add("HX-Request", "true");
        using var fragment = await browser.Client.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.OK, fragment.StatusCode);
        Assert.False(fragment.Headers.Contains("HX-Redirect"));
        Assert.DoesNotContain("Zed", await fragment.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Idle_signed_in_session_expires_and_is_sent_to_sign_in()
    {
        using var browser = _app.NewBrowser();
        await SessionBridgeApp.SignInAsync(browser);

        _app.Time.Advance(TimeSpan.FromMinutes(21));
        var after = await browser.OpenAsync("/session");

        Assert.Equal("/login", after.Url.AbsolutePath);
        Assert.Contains("session has ended", after.Text(".notice"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activity_slides_the_idle_expiry_with_a_throttled_refresh()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        (await browser.PostSessionValueAsync(page.AntiforgeryToken(), "theme", "dark")).Dispose();

        for (int i = 0; i < 4; i++)
        {
            _app.Time.Advance(TimeSpan.FromMinutes(15));
            Assert.Equal("dark", (await browser.OpenAsync("/")).Document.DocumentElement.GetAttribute("data-theme"));
        }
    }

    [Fact]
    public async Task Remembered_session_outlives_the_browser_idle_timeout_but_not_the_remember_me_lifetime()
    {
        using var browser = _app.NewBrowser();
        await SessionBridgeApp.SignInAsync(browser, rememberMe: true);

        _app.Time.Advance(TimeSpan.FromHours(5));
        var later = await browser.OpenAsync("/account");
        _app.Time.Advance(TimeSpan.FromDays(31));
        var muchLater = await browser.OpenAsync("/account");

        Assert.Equal("alice@example.com", later.Text("#account-email"));
        Assert.Equal("/login", muchLater.Url.AbsolutePath);
    }

    [Fact]
    public async Task Absolute_lifetime_caps_even_an_active_remembered_session()
    {
        using var browser = _app.NewBrowser();
        await SessionBridgeApp.SignInAsync(browser, rememberMe: true);

        HtmxPage page = null!;
        for (int day = 0; day < 91; day += 10)
        {
            _app.Time.Advance(TimeSpan.FromDays(10));
            page = await browser.OpenAsync("/account");
        }

        Assert.Equal("/login", page.Url.AbsolutePath);
    }

    [Fact]
    public async Task Anonymous_preferences_marked_to_carry_over_follow_the_user_into_the_signed_in_session()
    {
        // A key not marked to carry over, next to the app's keys (which all carry over).
        using var app = new SessionBridgeApp().WithServices(services => services.Replace(
            ServiceDescriptor.Singleton(new SessionKeyRegistry([.. AppSessionKeys.All, SessionKey.Flag("scratch")]))));
        using var browser = app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        string token = page.AntiforgeryToken();
        (await browser.PostSessionValueAsync(token, "theme", "dark")).Dispose();
        (await browser.PostSessionValueAsync(token, "displayName", "Ali")).Dispose();
        (await browser.PostSessionValueAsync(token, "compactMode", "true")).Dispose();
        (await browser.PostSessionValueAsync(token, "scratch", "true")).Dispose();
        string anonymous = browser.Cookie(AppTestExtensions.SessionCookie)!;

        var account = await SessionBridgeApp.SignInAsync(browser);
        var table = await browser.OpenAsync("/session");
        using var old = app.NewBrowser();
        old.SetCookie(AppTestExtensions.SessionCookie, anonymous);

        Assert.Equal("dark", account.Document.DocumentElement.GetAttribute("data-theme"));
        Assert.Equal("Hello, Ali", account.Text("#greeting"));
        Assert.NotNull(table.Element("#value-compactMode").GetAttribute("checked"));
        Assert.Null(table.Element("#value-scratch").GetAttribute("checked"));

        // The pre-login id stopped working at sign-in: its cookie is now a stranger's, who starts over as a new visitor.
        var stale = await old.OpenAsync("/session");
        Assert.Equal("Hello!", stale.Text("#greeting"));
        Assert.Equal(string.Empty, stale.Element("#value-displayName").GetAttribute("value"));
    }

    private static string SessionSetCookie(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AppTestExtensions.SessionCookie + "=", StringComparison.Ordinal));
    }
}
