using SessionBridge.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionBridge.Tests.Browser;

/// <summary>Compact mode in a real Chromium: denser from the first byte, and live in the session's other tabs.</summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class CompactModeInBrowserTests(ChromiumBrowser chromium, LiveApp app) : IClassFixture<LiveApp>
{
    [SkippableFact]
    public async Task Compact_mode_switched_on_in_one_tab_makes_the_other_tab_compact_without_reload()
    {
        await using var context = await chromium.NewContextAsync(app);
        var tabA = await context.NewPageAsync();
        await tabA.GotoAsync("/session");
        await tabA.Locator("#value-displayName").FillAsync("Bea");
        await Expect(tabA.Locator("#greeting")).ToHaveTextAsync("Hello, Bea");
        var tabB = await context.OpenLiveAsync("/session");
        await tabB.EvaluateAsync("() => { window.__sameDocument = true; }");
        string regular = await RowHeightAsync(tabB);

        await tabA.Locator("#value-compactMode").CheckAsync();

        await Expect(tabA.Locator("html")).ToHaveAttributeAsync("data-density", "compact");
        await Expect(tabB.Locator("html")).ToHaveAttributeAsync("data-density", "compact");
        Assert.Equal("14px", await tabB.EvaluateAsync<string>("() => getComputedStyle(document.documentElement).fontSize"));
        Assert.True(double.Parse(await RowHeightAsync(tabB), System.Globalization.CultureInfo.InvariantCulture)
            < double.Parse(regular, System.Globalization.CultureInfo.InvariantCulture), "table rows are no denser");
        Assert.True(await tabB.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the other tab was reloaded instead of updated live");

        var reloaded = await tabB.GotoAsync("/");
        Assert.Contains("data-density=\"compact\"", await reloaded!.TextAsync(), StringComparison.Ordinal);
    }

    private static Task<string> RowHeightAsync(Microsoft.Playwright.IPage page) =>
        page.EvaluateAsync<string>("() => String(document.querySelector('#row-theme').getBoundingClientRect().height)");
}
