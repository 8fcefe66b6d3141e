using SessionBridge.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionBridge.Tests.Browser;

/// <summary>
/// Two tabs of a visitor opened before any save: neither has a stream (no session yet). The first save creates the
/// session in one tab; the other follows it, and every later change, without a reload (issue 17).
/// </summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class VisitorTabsTests(ChromiumBrowser chromium, LiveApp app) : IClassFixture<LiveApp>
{
    [SkippableFact]
    public async Task Tabs_opened_before_the_first_save_follow_it_and_every_later_change_without_reload()
    {
        await using var context = await chromium.NewContextAsync(app);
        var tabA = await context.NewPageAsync();
        await tabA.GotoAsync("/session");
        var tabB = await context.NewPageAsync();
        await tabB.GotoAsync("/session");
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "sb-session");
        await tabB.EvaluateAsync("() => { window.__sameDocument = true; }");

        await tabA.Locator("#value-theme").SelectOptionAsync("dark");

        await Expect(tabA.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(tabB.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(tabB.Locator("#value-theme")).ToHaveValueAsync("dark");
        await Expect(tabB.Locator("#theme-switch-value")).ToHaveValueAsync("dark");

        // Both tabs now have their stream: a later change travels over it like in any session.
        await tabA.WaitForLiveChannelAsync();
        await tabB.WaitForLiveChannelAsync();
        await tabA.Locator("#value-displayName").FillAsync("Cheshire Cat");

        await Expect(tabB.Locator("#greeting")).ToHaveTextAsync("Hello, Cheshire Cat");
        await Expect(tabB.Locator("#value-displayName")).ToHaveValueAsync("Cheshire Cat");
        Assert.True(await tabB.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the other tab was reloaded instead of updated live");

        // The stream works the other way round too: the tab that only listened so far saves, the first tab follows.
        await tabB.Locator("#value-compactMode").CheckAsync();

        await Expect(tabA.Locator("html")).ToHaveAttributeAsync("data-density", "compact");
        Assert.Empty(await tabA.CspViolationsAsync());
        Assert.Empty(await tabB.CspViolationsAsync());
    }

    [SkippableFact]
    public async Task A_language_chosen_as_the_first_save_re_renders_the_other_tab_in_place()
    {
        await using var context = await chromium.NewContextAsync(app);
        var tabA = await context.NewPageAsync();
        await tabA.GotoAsync("/session");
        var tabB = await context.NewPageAsync();
        await tabB.GotoAsync("/session");
        await tabB.EvaluateAsync("() => { window.__sameDocument = true; }");

        await tabA.Locator("#language-switch-value").SelectOptionAsync("de");

        await Expect(tabA.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Expect(tabB.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Expect(tabB.Locator("#language-switch-value")).ToHaveValueAsync("de");
        Assert.True(await tabB.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the other tab was reloaded instead of re-rendered in place");
    }
}
