using Microsoft.Playwright;
using SessionBridge.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionBridge.Tests.Browser;

/// <summary>
/// What a change costs in a real Chromium: compact mode, shown only on &lt;html&gt;, costs the saving tab its save
/// and another tab nothing at all (the new value comes over the live channel); a key shown in a header fragment costs
/// the saving tab its save too (the answer carries the fragment out of band) and another tab that fragment's refresh.
/// </summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class RequestsPerChangeTests(ChromiumBrowser chromium, LiveApp app) : IClassFixture<LiveApp>
{
    [SkippableFact]
    public async Task Compact_mode_costs_the_saving_tab_one_request_and_the_other_tab_none()
    {
        await using var context = await chromium.NewContextAsync(app);
        var tabA = await context.NewPageAsync();
        await tabA.GotoAsync("/session");
        await tabA.Locator("#value-displayName").FillAsync("Bea");
        await Expect(tabA.Locator("#greeting")).ToHaveTextAsync("Hello, Bea");
        await tabA.ReloadAsync();
        await tabA.WaitForLiveChannelAsync();
        var tabB = await context.OpenLiveAsync("/");
        var sentByA = Record(tabA);
        var sentByB = Record(tabB);

        await tabA.Locator("#value-compactMode").CheckAsync();

        await Expect(tabA.Locator("html")).ToHaveAttributeAsync("data-density", "compact");
        await Expect(tabB.Locator("html")).ToHaveAttributeAsync("data-density", "compact");
        await Expect(tabA.Locator("#row-compactMode-updated time")).ToBeVisibleAsync();
        // Whatever the event would set off runs as it arrives; half a second is ample for a request to have started.
        await Task.Delay(500);
        Assert.Equal(["POST /session/compactMode"], sentByA.Where(r => !r.EndsWith("?handler=inspector", StringComparison.Ordinal)));
        Assert.Empty(sentByB);
    }

    [SkippableTheory]
    [InlineData("displayName", "GET /header/greeting")]
    [InlineData("theme", "GET /header/theme")]
    public async Task A_key_shown_in_the_header_costs_the_saving_tab_one_request_and_the_other_tab_its_fragments_refresh(string key, string refresh)
    {
        await using var context = await chromium.NewContextAsync(app);
        var tabA = await context.NewPageAsync();
        await tabA.GotoAsync("/session");
        // The live channel opens once the browser has a session.
        await tabA.Locator("#value-displayName").FillAsync("Bea");
        await Expect(tabA.Locator("#greeting")).ToHaveTextAsync("Hello, Bea");
        await tabA.ReloadAsync();
        await tabA.WaitForLiveChannelAsync();
        var tabB = await context.OpenLiveAsync("/");
        var sentByA = Record(tabA);
        var sentByB = Record(tabB);

        if (key == "theme")
        {
            await tabA.Locator("#value-theme").SelectOptionAsync("dark");
            await Expect(tabA.Locator("#theme-switch-value")).ToHaveValueAsync("dark");
            await Expect(tabB.Locator("#theme-switch-value")).ToHaveValueAsync("dark");
        }
        else
        {
            await tabA.Locator("#value-displayName").FillAsync("Cy");
            await Expect(tabA.Locator("#greeting")).ToHaveTextAsync("Hello, Cy");
            await Expect(tabB.Locator("#greeting")).ToHaveTextAsync("Hello, Cy");
        }

        // The out-of-band fragment replaced the header's, in the header, once; nothing of it stayed in the table.
        await Expect(tabA.Locator(".site-header " + (key == "theme" ? "#theme-switch" : "#greeting"))).ToHaveCountAsync(1);
        await Expect(tabA.Locator("#session-table template, [hx-swap-oob]")).ToHaveCountAsync(0);
        await Expect(tabA.Locator($"#row-{key}-updated time")).ToBeVisibleAsync();
        await Task.Delay(500);
        Assert.Equal([$"POST /session/{key}"], sentByA.Where(r => !r.EndsWith("?handler=inspector", StringComparison.Ordinal)));
        Assert.Equal([refresh], sentByB);
    }

    /// <summary>The requests the page makes from now on, as "METHOD /path?query".</summary>
    private static List<string> Record(IPage page)
    {
        var sent = new List<string>();
        page.Request += (_, request) =>
        {
            var url = new Uri(request.Url);
            lock (sent)
            {
                sent.Add($"{request.Method} {url.PathAndQuery}");
            }
        };
        return sent;
    }
}
