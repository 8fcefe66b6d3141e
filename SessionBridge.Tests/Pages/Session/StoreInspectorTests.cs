using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Session;

/// <summary>The Development store inspector on /session: what the store holds, in words, fresh after every save.</summary>
public sealed class StoreInspectorTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_inspector_refreshes_after_a_save_and_says_the_time_to_live_in_words()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        Assert.Equal("none yet: nothing stored", page.Text("#store-inspector [data-field=session]"));
        Assert.Equal("-", page.Text("#store-inspector [data-field=ttl]"));

        page.Fill("value", "Zed", within: "#row-displayName");
        page = await page.TriggerAsync("#row-displayName form");

        Assert.Equal(HttpStatusCode.OK, browser.LastRequestTo(HttpMethod.Get, "/session").Status);
        Assert.NotEqual("none yet: nothing stored", page.Text("#store-inspector [data-field=session]"));
        Assert.Equal("20 minutes", page.Text("#store-inspector [data-field=ttl]"));
        Assert.NotEqual("0", page.Text("#store-inspector [data-field=bytes]"));
    }
}
