using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Keys;
using SessionBridge.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionBridge.Tests.Browser;

/// <summary>No flicker: stored values are in the very first HTML the browser parses, not corrected by script later.</summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class FirstPaintTests(ChromiumBrowser chromium, LiveApp app) : IClassFixture<LiveApp>
{
    /// <summary>
    /// Records data-theme of &lt;html&gt; the moment the parser inserts it (before any paint or page script) and every
    /// later change to it.
    /// </summary>
    private const string ThemeRecorder = """
        window.__theme = { first: undefined, changes: [] };
        new MutationObserver(function (_, observer) {
            var html = document.documentElement;
            if (!html) { return; }
            observer.disconnect();
            window.__theme.first = html.getAttribute("data-theme");
            new MutationObserver(function () { window.__theme.changes.push(html.getAttribute("data-theme")); })
                .observe(html, { attributes: true, attributeFilter: ["data-theme"] });
        }).observe(document, { childList: true });
        """;

    [SkippableFact]
    public async Task A_stored_dark_theme_and_name_are_in_the_first_html_so_nothing_flickers()
    {
        await using var context = await chromium.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/session");
        await page.Locator("#value-theme").SelectOptionAsync("dark");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await page.Locator("#value-displayName").FillAsync("Bea");
        await Expect(page.Locator("#greeting")).ToHaveTextAsync("Hello, Bea");
        await context.AddInitScriptAsync(ThemeRecorder);
        var shownOnHtml = app.Services.GetRequiredService<SessionKeyRegistry>().Keys.Where(key => key.Html is not null).ToList();

        foreach (string path in new[] { "/", "/session", "/login" })
        {
            var response = await page.GotoAsync(path);

            string html = await response!.TextAsync();
            string htmlTag = html[html.IndexOf("<html", StringComparison.Ordinal)..html.IndexOf("<head>", StringComparison.Ordinal)];
            Assert.Contains("lang=\"en\"", htmlTag, StringComparison.Ordinal);
            Assert.Contains("data-theme=\"dark\"", htmlTag, StringComparison.Ordinal);
            Assert.All(shownOnHtml, key => Assert.Contains($" {key.Html!.Name}=\"", htmlTag, StringComparison.Ordinal));
            Assert.Contains(">Hello, Bea</p>", html, StringComparison.Ordinal);
            Assert.Equal("dark", await page.EvaluateAsync<string>("() => window.__theme.first"));
            Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__theme.changes"));
            Assert.Equal("rgb(21, 23, 28)", await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));
        }
    }
}
