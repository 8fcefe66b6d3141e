using SessionBridge.Events;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Session;

/// <summary>
/// Compact mode is real: the density is on &lt;html&gt; in the first byte, and a save tells this tab and the session's
/// other tabs the new density with no further request.
/// </summary>
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
    public async Task A_save_tells_this_tab_and_the_other_tabs_the_new_density()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        (await browser.PostSessionValueAsync(page.AntiforgeryToken(), "displayName", "Bea")).Dispose();
        await using var otherTab = await EventStreamClient.OpenAsync(browser);
        Assert.Equal(": connected", await otherTab.NextAsync());

        page.Check("value", true, within: "#row-compactMode");
        await page.TriggerAsync("#row-compactMode form");

        Assert.Equal(new Dictionary<string, string> { ["data-density"] = "compact" }, page.Response.HtmlChanged());
        Assert.Equal($"{LiveChannel.HtmlChanged}: {{\"data-density\":\"compact\"}}", await otherTab.NextEventAsync());
        Assert.Equal($"{LiveChannel.SessionChanged}: compactMode", await otherTab.NextEventAsync());
    }
}
