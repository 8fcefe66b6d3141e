using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Account;

/// <summary>The login handoff from POST /login to GET /account, and every way it must refuse to log anybody in.</summary>
public sealed class HandoffTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Welcome_flash_is_shown_once_and_gone_on_reload()
    {
        using var browser = _app.NewBrowser();

        var account = await SessionBridgeApp.SignInAsync(browser);
        var reloaded = await browser.OpenAsync("/account");

        Assert.NotNull(account.Html("#flash"));
        Assert.Equal("/account", reloaded.Url.AbsolutePath);
        Assert.Null(reloaded.Html("#flash"));
        Assert.Equal("alice@example.com", reloaded.Text("#account-email"));
    }

    [Fact]
    public async Task Tampered_TempData_cookie_is_ignored_and_logs_nobody_in()
    {
        using var browser = _app.NewBrowser();
        using var _ = await browser.PostLoginOnlyAsync();
        string handoff = browser.Cookie(AppTestExtensions.TempDataCookie)!;
        browser.SetCookie(AppTestExtensions.TempDataCookie, handoff[..^6] + (handoff[^6] == 'A' ? "BBBBBB" : "AAAAAA"));

        var page = await browser.OpenAsync("/account");

        Assert.Equal("/login", page.Url.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, page.Response.StatusCode);
        Assert.Null(page.Html("#account-email"));
        var logged = Assert.Single(_app.Logs.Lines, line => line.Message.Contains("TempData cookie on /account could not be read", StringComparison.Ordinal));
        Assert.Null(logged.Exception);
        Assert.DoesNotContain(_app.Logs.Lines, line => line.Exception is not null);
    }

    [Fact]
    public async Task Replayed_handoff_from_a_copied_cookie_jar_logs_nobody_in()
    {
        using var victim = _app.NewBrowser();
        using var attacker = _app.NewBrowser();
        using var _ = await victim.PostLoginOnlyAsync();
        attacker.CopyCookiesFrom(victim);

        var first = await victim.OpenAsync("/account");
        var replay = await attacker.OpenAsync("/account");

        Assert.Equal("alice@example.com", first.Text("#account-email"));
        Assert.Equal("/login", replay.Url.AbsolutePath);
        Assert.Null(replay.Html("#account-email"));

        // The copied pre-login cookie names a visitor session that the victim's sign-in rotated away.
        Assert.Single(_app.Logs.Matching("carries on as a new visitor"));
    }

    [Fact]
    public async Task Handoff_consumed_first_by_a_copy_still_signs_in_only_once()
    {
        using var victim = _app.NewBrowser();
        using var copy = _app.NewBrowser();
        using var _ = await victim.PostLoginOnlyAsync();
        copy.CopyCookiesFrom(victim);

        var copied = await copy.OpenAsync("/account");
        var original = await victim.OpenAsync("/account");

        Assert.Equal("/account", copied.Url.AbsolutePath);
        Assert.Equal("/login", original.Url.AbsolutePath);
    }

    [Fact]
    public async Task Copied_TempData_cookie_alone_is_bound_to_another_browser_and_logs_nobody_in()
    {
        using var victim = _app.NewBrowser();
        using var attacker = _app.NewBrowser();
        using var _ = await victim.PostLoginOnlyAsync();
        attacker.SetCookie(AppTestExtensions.TempDataCookie, victim.Cookie(AppTestExtensions.TempDataCookie)!);

        var stolen = await attacker.OpenAsync("/account");
        var rightful = await victim.OpenAsync("/account");

        Assert.Equal("/login", stolen.Url.AbsolutePath);
        Assert.Equal("alice@example.com", rightful.Text("#account-email"));
        Assert.Single(_app.Logs.Matching("Login handoff refused (WrongBrowser)"));
    }

    [Fact]
    public async Task Expired_handoff_logs_nobody_in()
    {
        using var browser = _app.NewBrowser();
        using var _ = await browser.PostLoginOnlyAsync();

        _app.Time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        var page = await browser.OpenAsync("/account");

        Assert.Equal("/login", page.Url.AbsolutePath);
        Assert.Single(_app.Logs.Matching("Login handoff refused (Expired)"));
    }

    [Fact]
    public async Task Handoff_used_just_inside_its_lifetime_signs_in()
    {
        using var browser = _app.NewBrowser();
        using var _ = await browser.PostLoginOnlyAsync();

        _app.Time.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromSeconds(1));
        var page = await browser.OpenAsync("/account");

        Assert.Equal("alice@example.com", page.Text("#account-email"));
    }

    [Fact]
    public async Task Pre_login_session_id_stops_working_after_login()
    {
        using var browser = _app.NewBrowser();
        using var _ = await browser.PostLoginOnlyAsync();
        string preLogin = browser.Cookie(AppTestExtensions.SessionCookie)!;
        using var fixation = _app.NewBrowser();
        fixation.SetCookie(AppTestExtensions.SessionCookie, preLogin);

        await browser.OpenAsync("/account");
        string signedIn = browser.Cookie(AppTestExtensions.SessionCookie)!;
        var stranger = await fixation.OpenAsync("/account");

        // Whoever planted the pre-login id is a stranger now: a new visitor, sent to sign in for the account page.
        Assert.NotEqual(preLogin, signedIn);
        Assert.Equal("/login", stranger.Url.AbsolutePath);
        Assert.Null(stranger.Html("#account-email"));
        Assert.Equal("Hello!", stranger.Text("#greeting"));
        Assert.Null(fixation.Cookie(AppTestExtensions.SessionCookie));
    }

    [Fact]
    public async Task Logout_ends_the_session_server_side_and_account_then_redirects_to_login()
    {
        using var browser = _app.NewBrowser();
        var account = await SessionBridgeApp.SignInAsync(browser);
        string signedIn = browser.Cookie(AppTestExtensions.SessionCookie)!;
        using var sameCookie = _app.NewBrowser();
        sameCookie.SetCookie(AppTestExtensions.SessionCookie, signedIn);

        var login = await account.SubmitAsync("form[action='/logout']");
        var afterLogout = await browser.OpenAsync("/account");
        var oldCookie = await sameCookie.OpenAsync("/account");

        Assert.Equal("/login", login.Url.AbsolutePath);
        Assert.Equal("You have been signed out.", login.Text(".notice"));
        Assert.Equal("/login", afterLogout.Url.AbsolutePath);
        Assert.Equal("/login", oldCookie.Url.AbsolutePath);
    }

    [Fact]
    public async Task Logout_without_antiforgery_token_is_refused_and_the_session_lives_on()
    {
        using var browser = _app.NewBrowser();
        await SessionBridgeApp.SignInAsync(browser);

        using var response = await browser.Client.PostAsync("/logout", new FormUrlEncodedContent([]));
        var account = await browser.OpenAsync("/account");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("alice@example.com", account.Text("#account-email"));
    }

    [Fact]
    public async Task Account_lists_the_signed_in_session_as_this_session()
    {
        using var browser = _app.NewBrowser();

        var account = await SessionBridgeApp.SignInAsync(browser);

        var rows = account.Document.QuerySelectorAll("#sessions tbody tr");
        Assert.Single(rows);
        Assert.Contains("(this session)", rows[0].TextContent, StringComparison.Ordinal);
    }
}
