using SessionBridge.Events;
using SessionBridge.Keys;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Keys;

/// <summary>
/// A key names the fragments that show it (ShownIn), and only they refresh when it changes: in the tab that saved,
/// out of band in the save's answer (one request in all); in the session's other tabs, one request per fragment.
/// </summary>
public sealed class ShownInTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("")]
    [InlineData("Greeting")]
    [InlineData("#greeting")]
    [InlineData("greeting swap")]
    public void A_fragment_is_named_by_a_plain_element_id(string id)
    {
        Assert.Throws<ArgumentException>(() => SessionKey.Text("displayName", 40).ShownIn(id));
    }

    [Theory]
    [InlineData("compactMode", "true", null, null)]
    [InlineData("theme", "dark", "#theme-switch-value option[selected]", "dark")]
    [InlineData("displayName", "Bea", "#greeting", "Hello, Bea")]
    public async Task A_save_costs_one_request_in_the_tab_that_saves_and_its_answer_carries_the_fragments_that_show_the_key(
        string key, string value, string? fragment, string? shown)
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        int before = browser.Requests.Count;

        if (key == "compactMode")
        {
            page.Check("value", true, within: "#row-compactMode");
        }
        else
        {
            page.Fill("value", value, within: $"#row-{key}");
        }

        await page.TriggerAsync($"#row-{key} form");

        // The store inspector (Development only) refreshes after every save; it is not part of the product's pages.
        var sent = browser.Requests.Skip(before).Where(r => r.Url.Query != "?handler=inspector")
            .Select(r => $"{r.Method} {r.Url.AbsolutePath}").ToList();
        Assert.Equal([$"POST /session/{key}"], sent);
        Assert.DoesNotContain("refresh-", page.Response.Headers.GetValues("HX-Trigger").Single(), StringComparison.Ordinal);
        if (fragment is not null)
        {
            var shownIn = page.Element(fragment);
            Assert.Equal(shown, fragment.EndsWith("option[selected]", StringComparison.Ordinal) ? shownIn.GetAttribute("value") : shownIn.TextContent.Trim());
            // Swapped in the header's place, not left in the row's cell, and no longer marked out of band.
            Assert.NotNull(shownIn.Closest(".site-header"));
            Assert.Empty(page.Document.QuerySelectorAll("#session-table template, [hx-swap-oob], [data-hx-swap-oob]"));
        }
    }

    [Fact]
    public async Task Another_tab_hears_a_refresh_only_for_the_fragments_that_show_the_changed_key()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        string token = page.AntiforgeryToken();
        (await browser.PostSessionValueAsync(token, "language", "en")).Dispose();
        await using var otherTab = await EventStreamClient.OpenAsync(browser);
        Assert.Equal(": connected", await otherTab.NextAsync());

        (await browser.PostSessionValueAsync(token, "compactMode", "true")).Dispose();
        (await browser.PostSessionValueAsync(token, "displayName", "Bea")).Dispose();

        var heard = new List<string?>();
        for (int i = 0; i < 6; i++)
        {
            heard.Add(await otherTab.NextEventAsync());
        }

        var expected = new List<string?>
        {
            $"{LiveChannel.HtmlChanged}: {{\"data-density\":\"compact\"}}",
            $"{LiveChannel.SessionChanged}: compactMode",
            $"{LiveChannel.KeyChanged("compactMode")}: compactMode",
            $"{LiveChannel.SessionChanged}: displayName",
            $"{LiveChannel.KeyChanged("displayName")}: displayName",
            $"{LiveChannel.FragmentChanged("greeting")}: displayName",
        };
        Assert.Equal(expected, heard);
    }
}
