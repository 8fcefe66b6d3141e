using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Store;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Web;

/// <summary>
/// One client replaying a form without a session cookie cannot fill the node: new sessions per client are rate
/// limited (429), and the embedded store keeps at most its capacity, evicting the least recently used visitors and
/// never a signed-in session.
/// </summary>
public sealed class SessionCreationLimitTests
{
    [Fact]
    public async Task A_client_creating_sessions_in_a_flood_gets_429_after_the_limit()
    {
        using var app = new SessionBridgeApp()
            .WithSetting("SessionBridge:NewSessionsPerClient:PermitLimit", "5")
            .WithSetting("SessionBridge:NewSessionsPerClient:Window", "00:00:10");
        using var flooder = app.NewBrowser();
        string token = (await flooder.OpenAsync("/session")).AntiforgeryToken();

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 8; i++)
        {
            // The same antiforgery pair each time, and no session cookie: every save would start a new session.
            RemoveSessionCookie(flooder);
            using var save = await flooder.PostSessionValueAsync(token, "displayName", "flood" + i);
            statuses.Add(save.StatusCode);
            if (save.StatusCode == HttpStatusCode.TooManyRequests)
            {
                // What is left of the client's 10-second window, in whole seconds.
                Assert.InRange(save.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 1, 10);
                Assert.Contains("Too many attempts", await save.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 3)], statuses);
        Assert.Equal(5, Store(app).Count);
        Assert.Equal(3, app.Logs.Matching("this client created too many sessions lately").Count(l => l.Exception is null));
    }

    [Fact]
    public async Task A_person_with_a_session_is_not_limited_by_it()
    {
        using var app = new SessionBridgeApp().WithSetting("SessionBridge:NewSessionsPerClient:PermitLimit", "1");
        using var person = app.NewBrowser();
        string token = (await person.OpenAsync("/session")).AntiforgeryToken();

        foreach (string name in new[] { "A", "Al", "Ali", "Alic", "Alice" })
        {
            using var save = await person.PostSessionValueAsync(token, "displayName", name);
            Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        }

        Assert.Equal("Hello, Alice", (await person.OpenAsync("/")).Text("#greeting"));
    }

    [Fact]
    public async Task The_embedded_store_keeps_its_capacity_by_evicting_the_oldest_visitors_never_a_signed_in_session()
    {
        const int Capacity = 100;
        using var app = new SessionBridgeApp()
            .WithSetting("SessionBridge:MemoryStoreCapacity", Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithSetting("SessionBridge:NewSessionsPerClient:PermitLimit", "100000");
        using var alice = app.NewBrowser();
        await SessionBridgeApp.SignInAsync(alice);
        using var flooder = app.NewBrowser();
        string token = (await flooder.OpenAsync("/session")).AntiforgeryToken();
        using var first = app.NewBrowser();
        (await first.PostSessionValueAsync((await first.OpenAsync("/session")).AntiforgeryToken(), "displayName", "First")).Dispose();

        for (int i = 0; i < 1_000; i++)
        {
            RemoveSessionCookie(flooder);
            using var save = await flooder.PostSessionValueAsync(token, "displayName", "flood" + i);
            Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        }

        Assert.InRange(Store(app).Count, 2, Capacity + 1);
        Assert.Equal("Hello!", (await first.OpenAsync("/")).Text("#greeting"));
        Assert.Equal("Hello, flood999", (await flooder.OpenAsync("/")).Text("#greeting"));
        var account = await alice.OpenAsync("/account");
        Assert.Equal("/account", account.Url.AbsolutePath);
        Assert.Equal("alice@example.com", account.Text("#account-email"));
    }

    private static MemorySessionRecordStore Store(SessionBridgeApp app) =>
        (MemorySessionRecordStore)app.Services.GetRequiredService<ISessionRecordStore>();

    private static void RemoveSessionCookie(HtmxBrowser browser)
    {
        foreach (Cookie cookie in browser.Cookies.GetCookies(new Uri("http://localhost/")))
        {
            if (cookie.Name == AppTestExtensions.SessionCookie)
            {
                cookie.Expired = true;
            }
        }
    }
}
