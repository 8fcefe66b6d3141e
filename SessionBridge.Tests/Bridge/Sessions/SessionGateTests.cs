using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Sessions;

/// <summary>
/// The one gate, on the bridge alone: every page, fragment and event stream of a signed-in session that was revoked,
/// expired, or whose user is disabled is refused the way that kind of request expects; a visitor's ended session
/// starts over; and a stream ends a disabled user's session just as a page request does.
/// </summary>
public sealed class SessionGateTests : IAsyncLifetime
{
    private BridgeHost _host = null!;

    public enum Ending
    {
        Revoked,
        Expired,
        UserDisabled,
    }

    public async Task InitializeAsync()
    {
        _host = await BridgeHost.StartAsync();
        _host.Users.Add("ann");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData(Ending.Revoked, "session-ended")]
    [InlineData(Ending.Expired, "session-ended")]
    [InlineData(Ending.UserDisabled, "user-disabled")]
    public async Task Page_request_of_an_ended_session_gets_303_to_the_login_path_with_the_reason(Ending ending, string reason)
    {
        using var browser = await EndedSessionAsync(ending);

        using var response = await browser.Client.GetAsync("/page");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/sign-in?reason=" + reason, response.Headers.Location?.OriginalString);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("sb-session=;", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Ending.Revoked, "session-ended")]
    [InlineData(Ending.Expired, "session-ended")]
    [InlineData(Ending.UserDisabled, "user-disabled")]
    public async Task Fragment_request_of_an_ended_session_gets_HX_Redirect_not_a_login_page_in_the_fragment(Ending ending, string reason)
    {
        using var browser = await EndedSessionAsync(ending);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/page");
        request.Headers.Add("HX-Request", "true");

        using var response = await browser.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/sign-in?reason=" + reason, Assert.Single(response.Headers.GetValues("HX-Redirect")));
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
    public async Task Htmx_save_of_a_revoked_session_is_refused_with_HX_Redirect()
    {
        using var browser = await SignedInAsync();
        (await SaveAsync(browser, "note", "before")).Dispose();
        await RevokeFromAnotherDeviceAsync();

        using var save = await SaveAsync(browser, "note", "after", htmx: true);

        Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        Assert.Equal("/sign-in?reason=session-ended", Assert.Single(save.Headers.GetValues("HX-Redirect")));
        Assert.Empty(await save.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_visitor_whose_session_expired_carries_on_as_a_new_visitor()
    {
        using var browser = _host.NewBrowser();
        (await SaveAsync(browser, "note", "kept a while")).Dispose();
        _host.Time.Advance(TimeSpan.FromMinutes(21));

        using var response = await browser.Client.GetAsync("/page");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("visitor|", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Disabling_a_user_ends_an_open_stream_at_its_next_heartbeat_and_ends_the_session_too()
    {
        using var browser = await SignedInAsync();
        await using var tab = await EventStreamClient.OpenAsync(browser);
        await tab.NextAsync();

        _host.Users.Disable("ann");
        var next = tab.NextAsync();
        _host.Time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal("signed-out: ", await next);

        // The stream asked the same gate as a page would, so the session is gone, not just refused while disabled.
        _host.Users.Add("ann");
        using var page = await browser.Client.GetAsync("/page");
        Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
        Assert.Equal("/sign-in?reason=session-ended", page.Headers.Location?.OriginalString);
    }

    private async Task<HtmxBrowser> SignedInAsync()
    {
        var browser = _host.NewBrowser();
        using var response = await browser.Client.PostAsync("/signin/ann", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return browser;
    }

    private async Task<HtmxBrowser> EndedSessionAsync(Ending ending)
    {
        var browser = await SignedInAsync();
        switch (ending)
        {
            case Ending.Revoked:
                await RevokeFromAnotherDeviceAsync();
                break;
            case Ending.Expired:
                _host.Time.Advance(TimeSpan.FromMinutes(21));
                break;
            case Ending.UserDisabled:
                _host.Users.Disable("ann");
                break;
        }

        return browser;
    }

    private async Task RevokeFromAnotherDeviceAsync()
    {
        using var other = await SignedInAsync();
        Assert.Equal("1", await (await other.Client.PostAsync("/revoke-others", null)).Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> SaveAsync(HtmxBrowser browser, string key, string value, bool htmx = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/save/" + key)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["value"] = value }),
        };
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }

        return await browser.Client.SendAsync(request);
    }
}
