using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Browser;

/// <summary>
/// axe-core finds no WCAG 2.2 A/AA violation (target size included) on any page state, on a desktop and a phone
/// screen, in the light and the dark palette.
/// </summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class AccessibilityTests(ChromiumBrowser chromium, LiveApp app) : IClassFixture<LiveApp>
{
    private static readonly AxeRunOptions s_wcag22 = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
        // target-size is tagged wcag22aa; named here as well so the check cannot fall out with a change of tags.
        Rules = new Dictionary<string, RuleOptions> { ["target-size"] = new() { Enabled = true } },
    };

    [SkippableTheory]
    [MemberData(nameof(PageStates.Names), MemberType = typeof(PageStates))]
    public async Task Page_state_has_no_axe_violations_at_1280_and_390_px_in_light_and_dark(string state)
    {
        await using var context = await chromium.NewContextAsync(app);
        var page = await context.OpenAsync(chromium, app, state);
        var violations = new List<string>();

        foreach (int width in new[] { 1280, 390 })
        {
            foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
            {
                await page.SetViewportSizeAsync(width, 800);
                await page.EmulateMediaAsync(new() { ColorScheme = scheme });
                var result = await page.RunAxe(s_wcag22);
                Assert.Contains(result.Passes, rule => rule.Id == "color-contrast");
                violations.AddRange(result.Violations.SelectMany(v => v.Nodes.Select(n =>
                    $"{width} px {scheme}: {v.Id} ({v.Help}) at {n.Target}: {string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))}")));
            }
        }

        Assert.True(violations.Count == 0, $"{state}: axe found\n" + string.Join("\n", violations));
    }

    [SkippableFact]
    public async Task The_same_axe_run_reports_buttons_too_small_and_too_close_to_tap()
    {
        await using var context = await chromium.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.SetContentAsync("""
            <!DOCTYPE html><html lang="en"><head><title>Tiny targets</title></head><body><main>
            <button style="width:12px;height:12px;padding:0">a</button><button style="width:12px;height:12px;padding:0">b</button>
            </main></body></html>
            """);

        var result = await page.RunAxe(s_wcag22);

        Assert.Contains(result.Violations, rule => rule.Id == "target-size");
    }
}
