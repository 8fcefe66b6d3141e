using System.Net;
using SessionBridge.Events;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Keys;

/// <summary>
/// Adding a key that shows on &lt;html&gt; is its declaration alone: it has a row in /session, saves, is on &lt;html&gt;
/// from the first byte, and the save tells this tab and the session's other tabs the new value.
/// </summary>
public sealed class AddedKeyTests : IDisposable
{
    private readonly SessionBridgeApp _app = new SessionBridgeApp().WithAddedKey();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task An_added_key_has_its_row_with_its_default_and_its_attribute_on_html()
    {
        using var browser = _app.NewBrowser();

        var page = await browser.OpenAsync("/session");

        Assert.Equal("normal", page.Document.DocumentElement.GetAttribute(AddedKey.Attribute));
        Assert.Equal("contrast contrast", page.Text($"#{LiveChannel.RowId(AddedKey.Name)} th"));
        Assert.Equal(["high", "normal"], page.Document.QuerySelectorAll("#value-contrast option").Select(o => o.TextContent));
        Assert.Equal("normal", page.Element("#value-contrast option[selected]").GetAttribute("value"));
    }

    [Fact]
    public async Task Saving_an_added_key_shows_it_on_html_in_this_tab_the_other_tabs_and_every_page_after()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        (await browser.PostSessionValueAsync(page.AntiforgeryToken(), "displayName", "Bea")).Dispose();
        await using var otherTab = await EventStreamClient.OpenAsync(browser);
        Assert.Equal(": connected", await otherTab.NextAsync());

        page.Fill("value", "high", within: "#row-contrast");
        await page.TriggerAsync("#row-contrast form");

        Assert.Equal(HttpStatusCode.OK, page.Response.StatusCode);
        Assert.Equal(new Dictionary<string, string> { [AddedKey.Attribute] = "high" }, page.Response.HtmlChanged());
        Assert.Equal($"{LiveChannel.HtmlChanged}: {{\"{AddedKey.Attribute}\":\"high\"}}", await otherTab.NextEventAsync());
        Assert.Equal($"{LiveChannel.SessionChanged}: {AddedKey.Name}", await otherTab.NextEventAsync());
        foreach (string path in new[] { "/", "/session", "/login" })
        {
            var next = await browser.OpenAsync(path);
            Assert.Equal("high", next.Document.DocumentElement.GetAttribute(AddedKey.Attribute));
        }
    }
}
