using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Events;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Events;

/// <summary>GET /events, read by a second tab of the same session.</summary>
public sealed class EventStreamTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_change_in_one_tab_reaches_the_other_tab_of_the_session()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        string token = page.AntiforgeryToken();
        (await browser.PostSessionValueAsync(token, "theme", "light")).Dispose();
        await using var otherTab = await EventStreamClient.OpenAsync(browser);
        Assert.Equal(": connected", await otherTab.NextAsync());

        (await browser.PostSessionValueAsync(token, "displayName", "Zed")).Dispose();

        Assert.Equal("text/event-stream", otherTab.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("session-changed: displayName", await otherTab.NextEventAsync());
        Assert.StartsWith("session-rendered: <template>", await otherTab.NextEventAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_tab_that_made_the_change_is_not_told_again()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        string token = page.AntiforgeryToken();
        (await browser.PostSessionValueAsync(token, "theme", "light")).Dispose();
        await using var sameTab = await EventStreamClient.OpenAsync(browser, tab: "tab-a");
        await sameTab.NextAsync();

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/session/theme"))
        {
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["value"] = "dark" });
            request.Headers.Add("HX-Request", "true");
            request.Headers.Add("RequestVerificationToken", token);
            request.Headers.Add("SB-Tab", "tab-a");
            (await browser.Client.SendAsync(request)).Dispose();
        }

        (await browser.PostSessionValueAsync(token, "language", "de")).Dispose();

        Assert.Equal("session-changed: language", await sameTab.NextEventAsync());
    }

    [Fact]
    public async Task Another_session_hears_nothing_of_this_one()
    {
        using var alice = _app.NewBrowser();
        using var stranger = _app.NewBrowser();
        string token = (await alice.OpenAsync("/session")).AntiforgeryToken();
        string strangerToken = (await stranger.OpenAsync("/session")).AntiforgeryToken();
        (await alice.PostSessionValueAsync(token, "theme", "light")).Dispose();
        (await stranger.PostSessionValueAsync(strangerToken, "theme", "light")).Dispose();
        await using var strangerTab = await EventStreamClient.OpenAsync(stranger);
        await strangerTab.NextAsync();

        (await alice.PostSessionValueAsync(token, "displayName", "Alice")).Dispose();
        (await stranger.PostSessionValueAsync(strangerToken, "language", "fr")).Dispose();

        Assert.Equal("session-changed: language", await strangerTab.NextEventAsync());
    }

    [Fact]
    public async Task The_stream_sends_a_comment_heartbeat_every_15_seconds()
    {
        using var browser = _app.NewBrowser();
        string token = (await SessionBridgeApp.SignInAsync(browser)).AntiforgeryToken();
        await using var tab = await EventStreamClient.OpenAsync(browser);
        await tab.NextAsync();

        // A change just before the beat is due is the next thing the tab reads: no beat went out early.
        _app.Time.Advance(TimeSpan.FromSeconds(14));
        (await browser.PostSessionValueAsync(token, "displayName", "Zed")).Dispose();
        Assert.Equal("session-changed: displayName", await tab.NextAsync());
        Assert.StartsWith("session-rendered: ", await tab.NextAsync(), StringComparison.Ordinal);
        var heartbeat = tab.NextAsync();
        _app.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(": heartbeat", await heartbeat);
    }

    [Fact]
    public async Task Events_in_between_do_not_postpone_the_heartbeat()
    {
        using var browser = _app.NewBrowser();
        string token = (await SessionBridgeApp.SignInAsync(browser)).AntiforgeryToken();
        await using var tab = await EventStreamClient.OpenAsync(browser);
        await tab.NextAsync();

        _app.Time.Advance(TimeSpan.FromSeconds(10));
        (await browser.PostSessionValueAsync(token, "displayName", "Zed")).Dispose();
        Assert.Equal("session-changed: displayName", await tab.NextAsync());
        Assert.StartsWith("session-rendered: ", await tab.NextAsync(), StringComparison.Ordinal);
        var heartbeat = tab.NextAsync();
        _app.Time.Advance(TimeSpan.FromSeconds(5));

        Assert.Equal(": heartbeat", await heartbeat);
    }

    [Fact]
    public async Task Revoking_a_session_sends_its_open_streams_signed_out_and_ends_them()
    {
        using var laptop = _app.NewBrowser();
        using var phone = _app.NewBrowser();
        await SessionBridgeApp.SignInAsync(phone);
        var account = await SessionBridgeApp.SignInAsync(laptop);
        await using var phoneTab = await EventStreamClient.OpenAsync(phone);
        await phoneTab.NextAsync();

        account = await laptop.OpenAsync("/account");
        await account.SubmitAsync("#sessions tbody tr:not(.current) form");

        Assert.Equal("signed-out: ", await phoneTab.NextEventAsync());
        Assert.Null(await phoneTab.NextAsync());
        await using var reconnect = await EventStreamClient.OpenAsync(phone);
        Assert.Equal(HttpStatusCode.NoContent, reconnect.Status);
    }

    [Fact]
    public async Task An_expired_session_is_told_at_the_next_heartbeat()
    {
        using var browser = _app.NewBrowser();
        await SessionBridgeApp.SignInAsync(browser);
        await using var tab = await EventStreamClient.OpenAsync(browser);
        await tab.NextAsync();

        var next = tab.NextAsync();
        _app.Time.Advance(TimeSpan.FromMinutes(21));

        Assert.Equal("signed-out: ", await next);
    }

    [Fact]
    public async Task Signing_out_sends_the_other_tabs_of_the_session_signed_out_but_not_the_tab_that_signed_out()
    {
        using var browser = _app.NewBrowser();
        var account = await SessionBridgeApp.SignInAsync(browser);
        string thisTab = account.Element("form[action='/logout'] input[name=tab]").GetAttribute("value")!;
        await using var otherTab = await EventStreamClient.OpenAsync(browser, tab: "other-tab");
        await using var sameTab = await EventStreamClient.OpenAsync(browser, tab: thisTab);
        await otherTab.NextAsync();
        await sameTab.NextAsync();

        await account.SubmitAsync("form[action='/logout']");
        var sameTabNext = sameTab.NextAsync();

        Assert.Equal("signed-out: ", await otherTab.NextEventAsync());

        // Both streams got the sign-out at once; once the other one has ended, the same tab's is still open.
        Assert.Null(await otherTab.NextAsync());
        var hub = _app.Services.GetRequiredService<SessionEventHub>();
        for (var waited = Stopwatch.StartNew(); hub.OpenStreams > 1 && waited.Elapsed < TimeSpan.FromSeconds(10);)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, hub.OpenStreams);
        Assert.False(sameTabNext.IsCompleted, "the tab that signed out was told too, racing its own navigation");
        _app.Time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal("signed-out: ", await sameTabNext);
    }

    [Fact]
    public async Task Without_a_session_the_stream_is_refused_with_204_so_EventSource_stops()
    {
        using var browser = _app.NewBrowser();

        await using var tab = await EventStreamClient.OpenAsync(browser);

        Assert.Equal(HttpStatusCode.NoContent, tab.Status);
    }

    [Fact]
    public async Task Closing_the_tab_removes_its_subscription()
    {
        using var browser = _app.NewBrowser();
        await SessionBridgeApp.SignInAsync(browser);
        var hub = _app.Services.GetRequiredService<SessionEventHub>();

        var tab = await EventStreamClient.OpenAsync(browser);
        await tab.NextAsync();
        Assert.Equal(1, hub.OpenStreams);
        await tab.DisposeAsync();

        // The abort reaches the endpoint through a few thread-pool hops: give a loaded machine time.
        for (var waited = Stopwatch.StartNew(); hub.OpenStreams > 0 && waited.Elapsed < TimeSpan.FromSeconds(10);)
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, hub.OpenStreams);
    }

    [Fact]
    public async Task A_tab_told_signed_out_is_sent_to_login_when_the_browser_has_no_session_left()
    {
        using var browser = _app.NewBrowser();
        var account = await SessionBridgeApp.SignInAsync(browser);
        await account.SubmitAsync("form[action='/logout']");

        using var check = await CheckAsync(browser);

        Assert.Equal("/login?reason=session-ended", Assert.Single(check.Headers.GetValues("HX-Redirect")));
    }

    [Fact]
    public async Task A_tab_told_signed_out_reloads_when_the_browser_signed_in_from_another_tab()
    {
        using var browser = _app.NewBrowser();
        string token = (await browser.OpenAsync("/session")).AntiforgeryToken();
        (await browser.PostSessionValueAsync(token, "theme", "dark")).Dispose();
        await using var preLoginTab = await EventStreamClient.OpenAsync(browser);
        await preLoginTab.NextAsync();

        await SessionBridgeApp.SignInAsync(browser);
        var next = preLoginTab.NextAsync();

        // A marker through the hub to a tab of the new session: by the time it arrives, a push to the old
        // session's tab at sign-in would have gone out too.
        await using var newTab = await EventStreamClient.OpenAsync(browser, tab: "new-tab");
        Assert.Equal(": connected", await newTab.NextAsync());
        (await browser.PostSessionValueAsync((await browser.OpenAsync("/session")).AntiforgeryToken(), "displayName", "Zed")).Dispose();
        Assert.Equal("session-changed: displayName", await newTab.NextEventAsync());
        Assert.False(next.IsCompleted, "told before the browser could have stored the new cookie");
        _app.Time.Advance(TimeSpan.FromSeconds(15));
        using var check = await CheckAsync(browser);

        Assert.Equal("signed-out: ", await next);
        Assert.Equal("true", Assert.Single(check.Headers.GetValues("HX-Refresh")));
    }

    [Fact]
    public async Task A_late_refusal_of_a_stale_fragment_request_does_not_delete_the_new_session_cookie()
    {
        // A tab's fragment request sent with the session that another tab then signed out, answered after that tab
        // signed in again: the answer must not delete the new session's cookie the tabs share.
        using var browser = _app.NewBrowser();
        var account = await SessionBridgeApp.SignInAsync(browser);
        string ended = browser.Cookie(AppTestExtensions.SessionCookie)!;
        await account.SubmitAsync("form[action='/logout']");
        await SessionBridgeApp.SignInAsync(browser);

        using var stale = new HttpRequestMessage(HttpMethod.Get, "/header/greeting");
        stale.Headers.Add("HX-Request", "true");
        using var client = _app.CreateClient();
        stale.Headers.Add("Cookie", AppTestExtensions.SessionCookie + "=" + ended);
        using var refused = await client.SendAsync(stale);

        Assert.Equal("/login?reason=session-ended", Assert.Single(refused.Headers.GetValues("HX-Redirect")));
        Assert.False(refused.Headers.Contains("Set-Cookie"));
    }

    private static async Task<HttpResponseMessage> CheckAsync(HtmxBrowser browser)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events/check");
        request.Headers.Add("HX-Request", "true");
        return await browser.Client.SendAsync(request);
    }
}
