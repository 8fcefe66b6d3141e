using System.Net;
using SessionBridge.Store;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Account;

/// <summary>
/// With the in-process store: each session is loaded at most once per request, on the account page and by the actions
/// on it, and a landing does not load the session it has just signed in. (Redis round trips: RedisRoundTripTests.)
/// </summary>
public sealed class SessionLoadsTests
{

    [Fact]
    public async Task The_landing_loads_only_the_pre_login_session()
    {
        using var app = HookedApp();
        using var browser = app.NewBrowser();
        Assert.Equal(HttpStatusCode.OK, (await browser.PostLoginOnlyAsync()).StatusCode);
        string preLogin = IdOf(browser);

        var loads = await LoadsDuringAsync(app, async () => Assert.NotNull((await browser.OpenAsync("/account")).Html("#flash")));

        Assert.Equal([preLogin], loads);
    }

    [Fact]
    public async Task The_account_page_and_revoking_one_device_load_each_listed_session_once()
    {
        using var app = HookedApp();
        var (laptop, others) = await SignedInAsync(app, 3);
        HtmxPage? account = null;

        var page = await LoadsDuringAsync(app, async () => account = await laptop.OpenAsync("/account"));
        var revoke = await LoadsDuringAsync(app, async () => account = await account!.SubmitAsync("#sessions tbody tr:not(.current) form"));

        // The revocation's answer shows the list without the session it ended, loading nothing again for it.
        Assert.Equal(2, account!.Document.QuerySelectorAll("#sessions tbody tr").Length);
        Assert.Equal(3, page.Distinct().Count());
        Assert.Equal(page.Order(StringComparer.Ordinal), revoke.Order(StringComparer.Ordinal));
        Dispose(laptop, others);
    }

    [Fact]
    public async Task Signing_out_everywhere_else_loads_only_the_own_session()
    {
        using var app = HookedApp();
        var (laptop, others) = await SignedInAsync(app, 3);
        var account = await laptop.OpenAsync("/account");
        string own = IdOf(laptop);

        var loads = await LoadsDuringAsync(app, async () =>
        {
            var after = await account.SubmitAsync("#revoke-others");
            Assert.Single(after.Document.QuerySelectorAll("#sessions tbody tr"));
        });

        Assert.Equal([own], loads);
        Assert.Equal("/login", (await others[0].OpenAsync("/session")).Url.AbsolutePath);
        Dispose(laptop, others);
    }

    private static string IdOf(HtmxBrowser browser) => SessionToken.TryRead(browser.Cookie(AppTestExtensions.SessionCookie))?.Id ?? throw new InvalidOperationException("no session cookie");

    private static SessionBridgeApp HookedApp() => new SessionBridgeApp().WithServices(HookedRecordStore.AddTo);

    private static async Task<string[]> LoadsDuringAsync(SessionBridgeApp app, Func<Task> request)
    {
        var store = HookedRecordStore.Of(app.Services);
        int before = store.Loads.Count;
        await request();
        return [.. store.Loads.Skip(before)];
    }

    /// <summary>Alice signed in on <paramref name="count"/> browsers; the last one is returned apart.</summary>
    private static async Task<(HtmxBrowser Last, List<HtmxBrowser> Others)> SignedInAsync(SessionBridgeApp app, int count)
    {
        var browsers = new List<HtmxBrowser>();
        for (int i = 0; i < count; i++)
        {
            var browser = app.NewBrowser();
            await SessionBridgeApp.SignInAsync(browser);
            browsers.Add(browser);
        }

        return (browsers[^1], browsers[..^1]);
    }

    private static void Dispose(HtmxBrowser last, List<HtmxBrowser> others)
    {
        last.Dispose();
        others.ForEach(other => other.Dispose());
    }
}
