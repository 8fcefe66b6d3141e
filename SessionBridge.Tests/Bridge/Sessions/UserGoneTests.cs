using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Sessions;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Sessions;

/// <summary>
/// A session whose user is disabled or deleted is ended once, the way a revocation ends it: one store delete, out of
/// the user's index, and every open tab of it told at once rather than at its next heartbeat.
/// </summary>
public sealed class UserGoneTests : IAsyncLifetime
{
    private BridgeHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await BridgeHost.StartAsync(hookedStore: true);
        _host.Users.Add("ann");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_disabled_users_session_is_deleted_once_when_a_page_finds_the_user_gone()
    {
        using var browser = await SignedInAsync();
        int deletes = 0;
        _host.HookedStore.BeforeDelete = _ =>
        {
            Interlocked.Increment(ref deletes);
            return Task.CompletedTask;
        };

        _host.Users.Disable("ann");
        using var page = await browser.Client.GetAsync("/page");

        Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
        Assert.Equal("/sign-in?reason=user-disabled", page.Headers.Location?.OriginalString);
        Assert.Equal(1, deletes);
    }

    [Fact]
    public async Task A_disabled_users_open_tabs_get_the_sign_out_event_at_once_and_the_session_leaves_the_users_index()
    {
        using var browser = await SignedInAsync();
        var index = _host.Services.GetRequiredService<ISessionIndex>();
        Assert.Single(await index.ListAsync("ann"));
        await using var tab = await EventStreamClient.OpenAsync(browser);
        Assert.Equal(": connected", await tab.NextAsync());

        _host.Users.Disable("ann");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/page");
        request.Headers.Add("HX-Request", "true");
        using var fragment = await browser.Client.SendAsync(request);
        Assert.Equal("/sign-in?reason=user-disabled", Assert.Single(fragment.Headers.GetValues("HX-Redirect")));

        // The clock does not move: no heartbeat is due, so only the sign-out path can have told the tab.
        Assert.Equal("signed-out: ", await tab.NextEventAsync(TimeSpan.FromSeconds(3)));
        Assert.Empty(await index.ListAsync("ann"));
    }

    [Fact]
    public async Task A_stream_that_finds_the_user_gone_ends_the_session_once_and_out_of_the_index()
    {
        using var browser = await SignedInAsync();
        var index = _host.Services.GetRequiredService<ISessionIndex>();
        await using var tab = await EventStreamClient.OpenAsync(browser);
        Assert.Equal(": connected", await tab.NextAsync());
        int deletes = 0;
        _host.HookedStore.BeforeDelete = _ =>
        {
            Interlocked.Increment(ref deletes);
            return Task.CompletedTask;
        };

        _host.Users.Disable("ann");
        var next = tab.NextEventAsync();
        _host.Time.Advance(TimeSpan.FromSeconds(15));

        Assert.Equal("signed-out: ", await next);
        Assert.Equal(1, deletes);
        Assert.Empty(await index.ListAsync("ann"));
    }

    private async Task<HtmxBrowser> SignedInAsync()
    {
        var browser = _host.NewBrowser();
        using var response = await browser.Client.PostAsync("/signin/ann", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return browser;
    }
}
