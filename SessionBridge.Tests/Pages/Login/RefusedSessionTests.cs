using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Login;

/// <summary>What a person sees when their session is refused: the login page, with the reason in words.</summary>
public sealed class RefusedSessionTests : IDisposable
{
    private readonly SessionBridgeApp _app = new SessionBridgeApp().WithSetting("Users:Accounts:0:Enabled", "true");

    public void Dispose() => _app.Dispose();

    public enum Ending
    {
        Revoked,
        UserDisabled,
    }

    [Fact]
    public async Task Htmx_save_of_a_revoked_session_is_refused_and_stores_nothing()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        await SessionBridgeApp.SignInAsync(browser);
        page = await browser.OpenAsync("/session");
        await RevokeFromAnotherDeviceAsync();

        page.Fill("value", "Mallory", within: "#row-displayName");
        var after = await page.TriggerAsync("#row-displayName form");

        Assert.Equal("/login", after.Url.AbsolutePath);
        Assert.Contains("session has ended", after.Text(".notice"), StringComparison.Ordinal);
        var again = await SessionBridgeApp.SignInAsync(browser);
        Assert.Equal("Hello, Alice", again.Text("#greeting"));
    }

    [Fact]
    public async Task Full_page_request_of_a_revoked_session_lands_on_login_with_the_reason()
    {
        using var browser = await EndedSessionAsync(Ending.Revoked);

        var page = await browser.OpenAsync("/account");

        Assert.Equal("/login", page.Url.AbsolutePath);
        Assert.Equal("Your session has ended (it expired or was signed out). Please sign in again.", page.Text(".notice"));
    }

    [Fact]
    public async Task Disabled_user_is_told_so_on_the_login_page()
    {
        using var browser = await EndedSessionAsync(Ending.UserDisabled);

        var page = await browser.OpenAsync("/account");

        Assert.Equal("Your account is no longer active.", page.Text(".notice"));
    }

    [Fact]
    public async Task Without_a_session_account_page_redirects_and_fragment_gets_HX_Redirect()
    {
        using var browser = _app.NewBrowser();
        using var htmx = new HttpRequestMessage(HttpMethod.Get, "/account");
        htmx.Headers.Add("HX-Request", "true");

        using var page = await browser.Client.GetAsync("/account");
        using var fragment = await browser.Client.SendAsync(htmx);

        Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
        Assert.Equal("/login?reason=sign-in-required", page.Headers.Location?.OriginalString);
        Assert.Equal("/login?reason=sign-in-required", Assert.Single(fragment.Headers.GetValues("HX-Redirect")));
    }

    private async Task<HtmxBrowser> EndedSessionAsync(Ending ending)
    {
        var browser = _app.NewBrowser();
        await SessionBridgeApp.SignInAsync(browser);
        switch (ending)
        {
            case Ending.Revoked:
                await RevokeFromAnotherDeviceAsync();
                break;
            case Ending.UserDisabled:
                DisableAlice();
                break;
        }

        return browser;
    }

    private async Task RevokeFromAnotherDeviceAsync()
    {
        using var other = _app.NewBrowser();
        var account = await SessionBridgeApp.SignInAsync(other);
        var after = await account.SubmitAsync("#revoke-others");
        Assert.Contains("Signed out 1 other session.", after.Text("#sessions-region .notice"), StringComparison.Ordinal);
    }

    private void DisableAlice()
    {
        var configuration = (IConfigurationRoot)_app.Services.GetRequiredService<IConfiguration>();
        configuration["Users:Accounts:0:Enabled"] = "false";
        configuration.Reload();
    }
}
