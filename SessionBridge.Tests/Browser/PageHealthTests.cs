using Microsoft.Playwright;
using SessionBridge.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionBridge.Tests.Browser;

/// <summary>
/// Every page runs clean in a real browser under the app's Content Security Policy: htmx and its SSE extension load,
/// nothing is blocked, nothing throws, nothing is logged as an error, no request fails.
/// </summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class PageHealthTests(ChromiumBrowser chromium, LiveApp app) : IClassFixture<LiveApp>
{
    [SkippableFact]
    public async Task Pages_for_visitors_load_htmx_with_no_console_errors_and_no_csp_violations()
    {
        await using var context = await chromium.NewContextAsync(app);
        var page = await context.NewPageAsync();
        var problems = Watch(page);

        foreach (string path in new[] { "/", "/login", "/session" })
        {
            await AssertCleanAsync(page, path, problems);
        }

        Assert.True(problems.Count == 0, "Problems a visitor's browser reported:\n" + string.Join("\n", problems));
    }

    [SkippableFact]
    public async Task Pages_for_a_signed_in_user_load_htmx_with_no_console_errors_and_no_csp_violations()
    {
        await using var context = await chromium.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.SignInAsync();
        var problems = Watch(page);

        foreach (string path in new[] { "/account", "/session", "/" })
        {
            await AssertCleanAsync(page, path, problems);
        }

        Assert.True(problems.Count == 0, "Problems a signed-in user's browser reported:\n" + string.Join("\n", problems));
    }

    /// <summary>Console errors, CSP reports in the console, uncaught exceptions and failed responses, from now on.</summary>
    private static List<string> Watch(IPage page)
    {
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error" || message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{Path(page.Url)}: console {message.Type}: {message.Text} (at {message.Location})");
            }
        };
        page.PageError += (_, error) => problems.Add($"{Path(page.Url)}: uncaught {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                problems.Add($"{Path(page.Url)}: {response.Request.Method} {Path(response.Url)} answered {response.Status}");
            }
        };
        return problems;
    }

    private static async Task AssertCleanAsync(IPage page, string path, List<string> problems)
    {
        var response = await page.GotoAsync(path);
        Assert.Equal(200, response!.Status);
        Assert.Equal("2.0.11", await page.EvaluateAsync<string>("() => window.htmx && window.htmx.version"));
        Assert.True(await page.EvaluateAsync<bool>("() => !!(window.htmx && htmx.config.antiForgery && htmx.config.antiForgery.requestToken)"), $"{path}: no antiforgery token in htmx.config");
        Assert.True(await page.EvaluateAsync<bool>("() => document.body.attributes.__htmx_antiforgery !== undefined"), $"{path}: /_htmx/antiforgery.js did not run");
        await Expect(page.Locator("#greeting")).ToBeVisibleAsync();

        // A page with a live channel connects it (or is refused) right after load: wait for that before reading reports.
        await page.WaitForFunctionAsync(
            "() => !document.querySelector('[sse-connect]:not([sse-connect=\"\"]), [data-sse-connect]:not([data-sse-connect=\"\"])')"
            + " || window.__sb.sseOpen + window.__sb.sseError > 0");
        problems.AddRange((await page.CspViolationsAsync()).Select(v => $"{path}: CSP violation {v}"));
    }

    private static string Path(string url) => new Uri(url).PathAndQuery;
}
