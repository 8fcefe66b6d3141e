using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Sessions;

/// <summary>
/// The one validation point: every page, fragment and event stream of a session that is revoked, expired, or whose
/// user is disabled is refused the way that kind of request expects.
/// </summary>
public sealed class SessionGateTests : IDisposable
{
    private readonly SessionBridgeApp _app = new SessionBridgeApp().WithSetting("Users:Accounts:0:Enabled", "true");

    public void Dispose() => _app.Dispose();

    public enum Ending
    {
        Revoked,
        Expired,
        UserDisabled,
    }

    [Theory]
    [InlineData(Ending.Revoked, "session-ended")]
    [InlineData(Ending.Expired, "session-ended")]
    [InlineData(Ending.UserDisabled, "user-disabled")]
    public async Task Page_request_of_an_ended_session_gets_303_to_login_with_the_reason(Ending ending, string reason)
    {
        using var browser = await EndedSessionAsync(ending);

        using var response = await browser.Client.GetAsync("/session");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/login?reason=" + reason, response.Headers.Location?.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AppTestExtensions.SessionCookie + "=;", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Ending.Revoked, "session-ended")]
    [InlineData(Ending.Expired, "session-ended")]
    [InlineData(Ending.UserDisabled, "user-disabled")]
    public async Task Fragment_request_of_an_ended_session_gets_HX_Redirect_not_a_login_page_in_the_fragment(Ending ending, string reason)
    {
        using var browser = await EndedSessionAsync(ending);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/header/greeting");
        request.Headers.Add("HX-Request", "true");

        using var response = await browser.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/login?reason=" + reason, Assert.Single(response.Headers.GetValues("HX-Redirect")));
        Assert.Empty(await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(Ending.Revoked)]
    [InlineData(Ending.Expired)]
    [InlineData(Ending.UserDisabled)]
    public async Task Event_stream_of_an_ended_session_is_refused_with_204(Ending ending)
    {
        using var browser = await EndedSessionAsync(ending);

        await using var stream = await EventStreamClient.OpenAsync(browser);

        Assert.Equal(HttpStatusCode.NoContent, stream.Status);
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

    [Fact]
    public async Task Disabling_a_user_ends_an_open_stream_at_its_next_heartbeat()
    {
        using var browser = _app.NewBrowser();
        await SessionBridgeApp.SignInAsync(browser);
        await using var tab = await EventStreamClient.OpenAsync(browser);
        await tab.NextAsync();

        DisableAlice();
        var next = tab.NextAsync();
        _app.Time.Advance(TimeSpan.FromSeconds(15));

        Assert.Equal("signed-out: ", await next);
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
            case Ending.Expired:
                _app.Time.Advance(TimeSpan.FromMinutes(21));
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
