using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Session;

/// <summary>Compact mode is real: the density is on &lt;html&gt; in the first byte, and in the fragment other tabs refresh.</summary>
public sealed class CompactModeTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Compact_mode_is_on_the_html_element_of_every_page_from_the_first_byte()
    {
        using var browser = _app.NewBrowser();
        var before = await browser.OpenAsync("/");
        var table = await browser.OpenAsync("/session");

        (await browser.PostSessionValueAsync(table.AntiforgeryToken(), "compactMode", "true")).Dispose();

        Assert.Equal("regular", before.Document.DocumentElement.GetAttribute("data-density"));
        foreach (string path in new[] { "/", "/session", "/login", "/no-such-page" })
        {
            using var response = await browser.Client.GetAsync(path);
            string html = await response.Content.ReadAsStringAsync();
            Assert.Contains("data-density=\"compact\"", html[..html.IndexOf("<head>", StringComparison.Ordinal)], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_theme_switch_fragment_other_tabs_refresh_carries_the_density()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        Assert.Equal("regular", page.Element("#theme-switch").GetAttribute("data-density"));

        page.Check("value", true, within: "#row-compactMode");
        await page.TriggerAsync("#row-compactMode form");

        Assert.Equal("compact", page.Element("#theme-switch").GetAttribute("data-density"));
    }
}
