using Microsoft.Playwright;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Browser;

/// <summary>
/// Every page state fits a phone: nothing wider than the screen (a table reflows, a long word wraps), and the header
/// stays on at most two rows, at 320 px (the narrowest phone in use) and 390 px (a common one).
/// </summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class ScreenSizeTests(ChromiumBrowser chromium, LiveApp app) : IClassFixture<LiveApp>
{
    /// <summary>
    /// The header's content height against two rows of its tallest item (a button or select) and the gap between
    /// rows, and the width of each item (to tell which one does not fit). A third row makes it taller.
    /// </summary>
    private const string HeaderHeights = """
        () => {
            const header = document.querySelector(".site-header");
            const style = getComputedStyle(header);
            const content = header.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
            const tallest = Math.max(...[...header.querySelectorAll("a, p, select, button")]
                .map(e => e.getBoundingClientRect().height));
            const widths = [...header.querySelectorAll("a, p, select, button")]
                .map(e => `${(e.textContent || "").trim().slice(0, 20)} ${Math.round(e.getBoundingClientRect().width)}`);
            return { content: Math.round(content), twoRows: Math.round(2 * tallest + (parseFloat(style.rowGap) || 0)), items: widths.join(", ") };
        }
        """;

    [SkippableTheory]
    [MemberData(nameof(PageStates.Names), MemberType = typeof(PageStates))]
    public async Task Page_state_has_no_horizontal_overflow_and_a_header_of_at_most_two_rows_at_320_and_390_px(string state)
    {
        await using var context = await chromium.NewContextAsync(app, viewport: new() { Width = 320, Height = 640 });
        var page = await context.OpenAsync(chromium, app, state);

        var problems = await MeasureAsync(page, state);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The other four languages have longer words (Sitzungsdaten, Se déconnecter): every state fits in them too.</summary>
    [SkippableTheory]
    [InlineData("de-DE")]
    [InlineData("fr-FR")]
    [InlineData("es-ES")]
    [InlineData("nl-NL")]
    public async Task Every_page_state_fits_320_and_390_px_in_another_language(string locale)
    {
        var problems = new List<string>();
        foreach (string state in PageStates.All)
        {
            await using var context = await chromium.NewContextAsync(app, locale: locale, viewport: new() { Width = 320, Height = 640 });
            var page = await context.OpenAsync(chromium, app, state);
            Assert.Equal(locale[..2], await page.EvaluateAsync<string>("() => document.documentElement.lang"));
            problems.AddRange(await MeasureAsync(page, $"{locale} {state}"));
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static async Task<List<string>> MeasureAsync(IPage page, string state)
    {
        var problems = new List<string>();
        foreach (int width in new[] { 320, 390 })
        {
            await page.SetViewportSizeAsync(width, 800);

            int scrollWidth = await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth");
            int innerWidth = await page.EvaluateAsync<int>("() => window.innerWidth");
            if (scrollWidth > innerWidth)
            {
                problems.Add($"{state} at {width} px: the page is {scrollWidth} px wide, wider than the {innerWidth} px screen");
            }

            var header = await page.EvaluateAsync<HeaderSize>(HeaderHeights);
            if (header.Content > header.TwoRows)
            {
                problems.Add($"{state} at {width} px: the header is {header.Content} px tall, more than two rows ({header.TwoRows} px): {header.Items}");
            }
        }

        return problems;
    }

    /// <summary>What <see cref="HeaderHeights"/> returns (Playwright fills it by property name).</summary>
    private sealed class HeaderSize
    {
        public int Content { get; set; }

        public int TwoRows { get; set; }

        public string Items { get; set; } = string.Empty;
    }
}
