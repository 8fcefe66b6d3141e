using Microsoft.Playwright;
using SessionBridge.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SessionBridge.Tests.Browser;

/// <summary>
/// What a change costs in a real Chromium, on the embedded store and on Redis: the tab that saves makes its save and
/// nothing more (its answer carries the header fragments, the row and the Development store inspector, out of band);
/// the session's other tabs make no request at all (the live channel sends them the same markup, rendered), whatever
/// page they show. Only the language, which re-renders the page, costs every tab the page once.
/// </summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class RequestsPerChangeTests(ChromiumBrowser chromium, ITestOutputHelper output)
{
    [SkippableTheory]
    [InlineData("memory", "Development")]
    [InlineData("redis", "Development")]
    [InlineData("memory", "Production")]
    [InlineData("redis", "Production")]
    public async Task A_save_costs_the_saving_tab_one_request_and_the_other_tabs_none(string store, string environment)
    {
        await using var redis = store == "redis" ? await RedisServer.StartNewAsync() : null;
        using var app = new LiveApp(bridge =>
        {
            bridge.WithEnvironment(environment);
            if (redis is not null)
            {
                bridge.WithSetting("ConnectionStrings:Redis", redis.ConnectionString);
            }
        });
        await using var context = await chromium.NewContextAsync(app);
        bool development = environment == "Development";
        if (!development)
        {
            // Production answers HTTPS only: the browser comes as through a TLS-terminating proxy on loopback (a trusted
            // one by default), and Chromium keeps the Secure __Host- cookies of a loopback origin.
            await context.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["X-Forwarded-Proto"] = "https" });
        }

        // The store inspector is a Development tool: outside it no answer or event carries it.
        string[] Shown(params string[] ids) => development ? [.. ids, "#store-inspector"] : ids;
        var table = await OpenLiveTableAsync(context);
        var home = await context.OpenLiveAsync("/");
        var otherTable = await context.OpenLiveAsync("/session");
        List<RecordedTab> tabs = [await RecordedTab.StartAsync(table), await RecordedTab.StartAsync(home), await RecordedTab.StartAsync(otherTable)];

        // From a row of the table (the store inspector, Development only, shows there too).
        await ExpectAsync(tabs, "POST /session/compactMode", Shown("#row-compactMode-updated"),
            () => table.Locator("#value-compactMode").CheckAsync());
        foreach (var tab in tabs)
        {
            await Expect(tab.Page.Locator("html")).ToHaveAttributeAsync("data-density", "compact");
        }

        await Expect(otherTable.Locator("#value-compactMode")).ToBeCheckedAsync();

        await ExpectAsync(tabs, "POST /session/theme", Shown("#theme-switch", "#row-theme-updated"),
            () => table.Locator("#value-theme").SelectOptionAsync("dark"));
        foreach (var tab in tabs)
        {
            await Expect(tab.Page.Locator("#theme-switch-value")).ToHaveValueAsync("dark");
            await Expect(tab.Page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        }

        await Expect(otherTable.Locator("#value-theme")).ToHaveValueAsync("dark");

        await ExpectAsync(tabs, "POST /session/displayName", Shown("#greeting", "#row-displayName-updated"),
            () => table.Locator("#value-displayName").FillAsync("Cy"));
        foreach (var tab in tabs)
        {
            await Expect(tab.Page.Locator("#greeting")).ToHaveTextAsync("Hello, Cy");
        }

        await Expect(otherTable.Locator("#value-displayName")).ToHaveValueAsync("Cy");

        // From the header switch: on the table, the row comes along; on a page without the table, only the switch.
        await ExpectAsync(tabs, "POST /session/theme", Shown("#theme-switch", "#row-theme-updated"),
            () => table.Locator("#theme-switch-value").SelectOptionAsync("light"));
        await Expect(table.Locator("#value-theme")).ToHaveValueAsync("light");
        await Expect(otherTable.Locator("#value-theme")).ToHaveValueAsync("light");

        await ExpectAsync([tabs[1], tabs[0], tabs[2]], "POST /session/theme", Shown("#theme-switch", "#row-theme-updated"),
            () => home.Locator("#theme-switch-value").SelectOptionAsync("dark"));
        await Expect(table.Locator("#value-theme")).ToHaveValueAsync("dark");
        foreach (var tab in tabs)
        {
            Assert.Empty(await tab.Page.CspViolationsAsync());
            await Expect(tab.Page.Locator("#store-inspector")).ToHaveCountAsync(tab.Page == home || !development ? 0 : 1);
        }
    }

    [SkippableFact]
    public async Task A_language_change_costs_every_other_tab_its_page_once()
    {
        using var app = new LiveApp();
        await using var context = await chromium.NewContextAsync(app);
        var table = await OpenLiveTableAsync(context);
        var home = await RecordedTab.StartAsync(await context.OpenLiveAsync("/"));

        await table.Locator("#value-language").SelectOptionAsync("de");

        await Expect(home.Page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Task.Delay(500);
        output.WriteLine($"language from /session: / sent [{string.Join(", ", home.Sent())}], received {home.Received} B");
        Assert.Equal(["GET /"], home.Sent());
    }

    /// <summary>
    /// The session table in a new tab, live: the live channel opens once the browser has a session, so a first save
    /// (the display name "Bea") makes one and the page is loaded again.
    /// </summary>
    private static async Task<IPage> OpenLiveTableAsync(IBrowserContext context)
    {
        var table = await context.NewPageAsync();
        await table.GotoAsync("/session");
        await table.Locator("#value-displayName").FillAsync("Bea");
        await Expect(table.Locator("#greeting")).ToHaveTextAsync("Hello, Bea");
        await table.ReloadAsync();
        await table.WaitForLiveChannelAsync();
        return table;
    }

    /// <summary>
    /// Runs a change in the first tab and checks what every tab sent: the first its save and nothing else, the others
    /// nothing. The elements named are marked first and must have been replaced in every tab that shows them.
    /// </summary>
    private async Task ExpectAsync(List<RecordedTab> tabs, string save, string[] replaced, Func<Task> change)
    {
        string marked = string.Join(", ", replaced);
        foreach (var tab in tabs)
        {
            tab.Clear();
            await tab.Page.EvaluateAsync("s => document.querySelectorAll(s).forEach(e => e.dataset.stale = 'yes')", marked);
        }

        await change();

        foreach (var tab in tabs)
        {
            await Expect(tab.Page.Locator("[data-stale]")).ToHaveCountAsync(0);
        }

        // Whatever the change would set off runs as it arrives; half a second is ample for a request to have started.
        await Task.Delay(500);
        output.WriteLine($"{save} from {new Uri(tabs[0].Page.Url).AbsolutePath}: " + string.Join("; ", tabs.Select(tab =>
            $"{new Uri(tab.Page.Url).AbsolutePath} sent [{string.Join(", ", tab.Sent())}], received {tab.Received} B")));
        Assert.Equal([save], tabs[0].Sent());
        Assert.All(tabs.Skip(1), tab => Assert.Empty(tab.Sent()));
    }
}
