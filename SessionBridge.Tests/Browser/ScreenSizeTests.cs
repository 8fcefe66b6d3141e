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
    /// rows: returns [content height, two rows]. A third row makes it taller.
    /// </summary>
    private const string HeaderHeights = """
        () => {
            const header = document.querySelector(".site-header");
            const style = getComputedStyle(header);
            const content = header.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
            const tallest = Math.max(...[...header.querySelectorAll("a, p, select, button")]
                .map(e => e.getBoundingClientRect().height));
            return [Math.round(content), Math.round(2 * tallest + (parseFloat(style.rowGap) || 0))];
        }
        """;

    [SkippableTheory]
    [MemberData(nameof(PageStates.Names), MemberType = typeof(PageStates))]
    public async Task Page_state_has_no_horizontal_overflow_and_a_header_of_at_most_two_rows_at_320_and_390_px(string state)
    {
        await using var context = await chromium.NewContextAsync(app, viewport: new() { Width = 320, Height = 640 });
        var page = await context.OpenAsync(chromium, app, state);

        foreach (int width in new[] { 320, 390 })
        {
            await page.SetViewportSizeAsync(width, 800);

            int scrollWidth = await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth");
            int innerWidth = await page.EvaluateAsync<int>("() => window.innerWidth");
            Assert.True(scrollWidth <= innerWidth, $"{state} at {width} px: the page is {scrollWidth} px wide, wider than the {innerWidth} px screen");
            int[] header = await page.EvaluateAsync<int[]>(HeaderHeights);
            Assert.True(header[0] <= header[1], $"{state} at {width} px: the header is {header[0]} px tall, more than two rows ({header[1]} px)");
        }
    }
}
