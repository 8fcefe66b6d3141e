using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Logout;

/// <summary>
/// Theme, language and compact mode are preferences of the device: signing out leaves them on this browser (in a new
/// anonymous session), while the display name, personal, leaves with the signed-in session.
/// </summary>
public sealed class DevicePreferencesTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Signing_out_keeps_theme_language_and_compact_mode_on_this_browser_but_not_the_display_name()
    {
        using var browser = _app.NewBrowser();
        await SessionBridgeApp.SignInAsync(browser);
        var table = await browser.OpenAsync("/session");
        string token = table.AntiforgeryToken();
        foreach (var (key, value) in new[] { ("theme", "dark"), ("language", "de"), ("compactMode", "true"), ("displayName", "Queen") })
        {
            (await browser.PostSessionValueAsync(token, key, value)).Dispose();
        }

        string signedIn = browser.Cookie(AppTestExtensions.SessionCookie)!;
        var account = await browser.OpenAsync("/account");

        var login = await account.SubmitAsync("form[action='/logout']");
        var after = await browser.OpenAsync("/session");
        using var oldCookie = _app.NewBrowser();
        oldCookie.SetCookie(AppTestExtensions.SessionCookie, signedIn);

        Assert.Equal("/login", login.Url.AbsolutePath);
        Assert.Equal("Sie wurden abgemeldet.", login.Text(".notice"));
        var html = login.Document.DocumentElement;
        Assert.Equal(("de", "dark", "compact"), (html.GetAttribute("lang"), html.GetAttribute("data-theme"), html.GetAttribute("data-density")));
        Assert.Equal("Hallo!", after.Text("#greeting"));
        Assert.Equal(string.Empty, after.Element("#value-displayName").GetAttribute("value"));
        Assert.Equal("Anmelden", after.Text("header a[href='/login']"));
        Assert.NotEqual(signedIn, browser.Cookie(AppTestExtensions.SessionCookie));
        Assert.Equal("/login", (await oldCookie.OpenAsync("/account")).Url.AbsolutePath);
    }

    [Fact]
    public async Task Signing_out_without_device_preferences_leaves_no_session_behind()
    {
        using var browser = _app.NewBrowser();
        var account = await SessionBridgeApp.SignInAsync(browser);

        var login = await account.SubmitAsync("form[action='/logout']");

        Assert.Equal("/login", login.Url.AbsolutePath);
        Assert.Null(browser.Cookie(AppTestExtensions.SessionCookie));
    }

    [Fact]
    public async Task Device_preferences_kept_at_sign_out_follow_the_next_sign_in()
    {
        using var browser = _app.NewBrowser();
        await SessionBridgeApp.SignInAsync(browser);
        var table = await browser.OpenAsync("/session");
        (await browser.PostSessionValueAsync(table.AntiforgeryToken(), "language", "es")).Dispose();
        var account = await browser.OpenAsync("/account");
        await account.SubmitAsync("form[action='/logout']");

        var again = await SessionBridgeApp.SignInAsync(browser, "bob@example.com", SessionBridgeApp.BobPassword);

        Assert.Equal("es", again.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Cuenta", again.Text("h1"));
    }
}
