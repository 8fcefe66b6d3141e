using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Store;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Account;

/// <summary>
/// With the in-process store: each session is loaded at most once per request, on the account page and by the actions
/// on it, and a landing does not load the session it has just signed in. (Redis round trips: ActionRoundTripTests.)
/// </summary>
public sealed class SessionLoadsTests : IDisposable
{
    private readonly SessionBridgeApp _app = new SessionBridgeApp().WithServices(services =>
        services.AddSingleton<ISessionRecordStore>(sp => new HookedRecordStore(ActivatorUtilities.CreateInstance<MemorySessionRecordStore>(sp))));

    public void Dispose() => _app.Dispose();

    private HookedRecordStore Store => (HookedRecordStore)_app.Services.GetRequiredService<ISessionRecordStore>();

    [Fact]
    public async Task The_landing_loads_only_the_pre_login_session()
    {
        using var browser = _app.NewBrowser();
        Assert.Equal(HttpStatusCode.OK, (await browser.PostLoginOnlyAsync()).StatusCode);
        string preLogin = IdOf(browser);

        var loads = await LoadsDuringAsync(async () => Assert.NotNull((await browser.OpenAsync("/account")).Html("#flash")));

        Assert.Equal([preLogin], loads);
    }

    [Fact]
    public async Task The_account_page_loads_each_listed_session_once()
    {
        var (laptop, others) = await SignedInAsync(3);

        var loads = await LoadsDuringAsync(async () => Assert.Equal(3, (await laptop.OpenAsync("/account")).Document.QuerySelectorAll("#sessions tbody tr").Length));

        Assert.Equal(3, loads.Length);
        Assert.Equal(3, loads.Distinct().Count());
        Dispose(laptop, others);
    }

    [Fact]
    public async Task Revoking_one_device_loads_each_listed_session_once_and_none_again_for_the_answer()
    {
        var (laptop, others) = await SignedInAsync(3);
        var account = await laptop.OpenAsync("/account");

        var loads = await LoadsDuringAsync(async () =>
        {
            var after = await account.SubmitAsync("#sessions tbody tr:not(.current) form");
            Assert.Equal(2, after.Document.QuerySelectorAll("#sessions tbody tr").Length);
        });

        Assert.Equal(3, loads.Length);
        Assert.Equal(3, loads.Distinct().Count());
        Dispose(laptop, others);
    }

    [Fact]
    public async Task Signing_out_everywhere_else_loads_only_the_own_session()
    {
        var (laptop, others) = await SignedInAsync(3);
        var account = await laptop.OpenAsync("/account");
        string own = IdOf(laptop);

        var loads = await LoadsDuringAsync(async () =>
        {
            var after = await account.SubmitAsync("#revoke-others");
            Assert.Single(after.Document.QuerySelectorAll("#sessions tbody tr"));
        });

        Assert.Equal([own], loads);
        Assert.Equal("/login", (await others[0].OpenAsync("/session")).Url.AbsolutePath);
        Dispose(laptop, others);
    }

    private static string IdOf(HtmxBrowser browser) => SessionToken.TryRead(browser.Cookie(AppTestExtensions.SessionCookie))?.Id ?? throw new InvalidOperationException("no session cookie");

    private async Task<string[]> LoadsDuringAsync(Func<Task> request)
    {
        int before = Store.Loads.Count;
        await request();
        return [.. Store.Loads.Skip(before)];
    }

    /// <summary>Alice signed in on <paramref name="count"/> browsers; the last one is returned apart.</summary>
    private async Task<(HtmxBrowser Last, List<HtmxBrowser> Others)> SignedInAsync(int count)
    {
        var browsers = new List<HtmxBrowser>();
        for (int i = 0; i < count; i++)
        {
            var browser = _app.NewBrowser();
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
