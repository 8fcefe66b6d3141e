using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Web;

/// <summary>
/// With a user on the request, the stock antiforgery binds each request token to that user (the cookie token is not).
/// What a user meets around signing in and out: the page a login lands on carries tokens that work, a tab opened
/// before the login is refused with the reload message until it reloads (its live channel reloads it at the next
/// heartbeat), and after signing out the login form works again at once.
/// </summary>
public sealed class UserBoundAntiforgeryTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_page_a_login_lands_on_carries_tokens_of_the_signed_in_user()
    {
        using var browser = _app.NewBrowser();
        var account = await SessionBridgeApp.SignInAsync(browser);

        using var saved = await browser.PostSessionValueAsync(account.AntiforgeryToken(), "displayName", "Queen");

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("Hello, Queen", (await browser.OpenAsync("/")).Text("#greeting"));
    }

    [Fact]
    public async Task A_tab_opened_before_the_login_is_refused_with_the_reload_message_until_it_reloads()
    {
        using var browser = _app.NewBrowser();
        string visitorToken = (await browser.OpenAsync("/session")).AntiforgeryToken();
        using (var asVisitor = await browser.PostSessionValueAsync(visitorToken, "theme", "dark"))
        {
            Assert.Equal(HttpStatusCode.OK, asVisitor.StatusCode);
        }

        await SessionBridgeApp.SignInAsync(browser);
        using var stale = await browser.PostSessionValueAsync(visitorToken, "theme", "light");
        using var reloaded = await browser.PostSessionValueAsync((await browser.OpenAsync("/session")).AntiforgeryToken(), "theme", "light");

        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Contains("reload the page and try again", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, reloaded.StatusCode);
    }

    [Fact]
    public async Task After_signing_out_the_login_form_signs_in_again()
    {
        using var browser = _app.NewBrowser();
        var account = await SessionBridgeApp.SignInAsync(browser);

        var login = await account.SubmitAsync("form[action='/logout']");
        var again = await SessionBridgeApp.SignInAsync(browser);

        Assert.Equal("/login", login.Url.AbsolutePath);
        Assert.Equal("/account", again.Url.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, again.Response.StatusCode);
        Assert.Equal("alice@example.com", again.Text("#account-email"));
    }
}
