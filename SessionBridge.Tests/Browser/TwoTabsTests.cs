using SessionBridge.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionBridge.Tests.Browser;

/// <summary>Two tabs of one session (two pages of one context share its cookies): the live channel keeps them in step.</summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class TwoTabsTests(ChromiumBrowser chromium, LiveApp app) : IClassFixture<LiveApp>
{
    [SkippableFact]
    public async Task A_display_name_typed_in_one_tab_shows_up_in_the_other_tab_without_reload()
    {
        await using var context = await chromium.NewContextAsync(app);
        var tabA = await context.NewPageAsync();
        await tabA.SignInAsync();
        await tabA.GotoAsync("/session");
        await tabA.WaitForLiveChannelAsync();
        var tabB = await context.OpenLiveAsync("/session");
        await tabB.EvaluateAsync("() => { window.__sameDocument = true; }");

        await tabA.Locator("#value-displayName").FillAsync("Queen of Hearts");

        await Expect(tabA.Locator("#greeting")).ToHaveTextAsync("Hello, Queen of Hearts");
        await Expect(tabB.Locator("#greeting")).ToHaveTextAsync("Hello, Queen of Hearts");
        await Expect(tabB.Locator("#value-displayName")).ToHaveValueAsync("Queen of Hearts");
        Assert.True(await tabB.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the other tab was reloaded instead of updated live");
    }

    [SkippableFact]
    public async Task A_theme_chosen_in_one_tab_is_applied_in_the_other_tab_without_reload()
    {
        await using var context = await chromium.NewContextAsync(app);
        var tabA = await context.NewPageAsync();
        await tabA.SignInAsync();
        await tabA.WaitForLiveChannelAsync();
        var tabB = await context.OpenLiveAsync("/session");
        await tabB.EvaluateAsync("() => { window.__sameDocument = true; }");

        await tabA.Locator("#theme-switch-value").SelectOptionAsync("dark");

        await Expect(tabA.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(tabB.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(tabB.Locator("#theme-switch-value")).ToHaveValueAsync("dark");
        await Expect(tabB.Locator("#value-theme")).ToHaveValueAsync("dark");
        Assert.True(await tabB.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the other tab was reloaded instead of updated live");
    }

    [SkippableFact]
    public async Task A_tab_opened_before_signing_in_in_another_tab_stays_live_after_the_login()
    {
        await using var context = await chromium.NewContextAsync(app);
        var other = await context.NewPageAsync();
        await other.GotoAsync("/session");
        await other.Locator("#value-theme").SelectOptionAsync("dark");
        await Expect(other.Locator("#row-theme time")).ToBeVisibleAsync();
        var before = await context.OpenLiveAsync("/session");
        var reloaded = before.WaitForResponseAsync(
            r => r.Request.IsNavigationRequest && r.Url.EndsWith("/session", StringComparison.Ordinal), new() { Timeout = 25_000 });
        await other.SignInAsync();
        await other.GotoAsync("/session");
        await other.WaitForLiveChannelAsync();

        // The tab opened before the login learns at its next heartbeat (every 15 s) and reloads onto the new session.
        Assert.Equal(200, (await reloaded).Status);
        await before.WaitForLiveChannelAsync();
        await other.Locator("#value-displayName").FillAsync("White Rabbit");

        await Expect(other.Locator("#greeting")).ToHaveTextAsync("Hello, White Rabbit");
        await Expect(before.Locator("#greeting")).ToHaveTextAsync("Hello, White Rabbit");
        await Expect(before.Locator("#value-displayName")).ToHaveValueAsync("White Rabbit");
        Assert.Equal("dark", await before.Locator("#value-theme").InputValueAsync());
    }
}
