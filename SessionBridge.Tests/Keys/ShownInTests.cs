using SessionBridge.Events;
using SessionBridge.Keys;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Keys;

/// <summary>
/// A key names the fragments that show it (ShownIn), and only they change with it: in the tab that saved, out of band
/// in the save's answer (one request in all); in the session's other tabs, rendered over the live channel (none).
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
    public async Task Another_tab_gets_rendered_only_what_its_page_shows_of_the_changed_key()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        string token = page.AntiforgeryToken();
        (await browser.PostSessionValueAsync(token, "language", "en")).Dispose();
        await using var otherTab = await EventStreamClient.OpenAsync(browser, page: "/");
        Assert.Equal(": connected", await otherTab.NextAsync());

        (await browser.PostSessionValueAsync(token, "compactMode", "true")).Dispose();
        (await browser.PostSessionValueAsync(token, "displayName", "Bea")).Dispose();

        // Compact mode shows on <html> only: its value comes along, nothing is rendered. The display name shows in
        // the greeting: that comes rendered, out of band, and nothing else does (no row: the page is not the table).
        Assert.Equal($"{LiveChannel.HtmlChanged}: {{\"data-density\":\"compact\"}}", await otherTab.NextEventAsync());
        Assert.Equal($"{LiveChannel.SessionChanged}: compactMode", await otherTab.NextEventAsync());
        Assert.Equal($"{LiveChannel.SessionChanged}: displayName", await otherTab.NextEventAsync());
        var rendered = Rendered(await otherTab.NextEventAsync());
        Assert.Equal(["greeting"], rendered.Select(e => e.Id));
        Assert.Equal("Hello, Bea", Find(rendered, "#greeting").TextContent);
    }

    [Fact]
    public async Task Another_tab_on_the_session_table_gets_the_row_the_header_and_the_inspector_rendered_with_forms_that_post()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        string token = page.AntiforgeryToken();
        (await browser.PostSessionValueAsync(token, "language", "en")).Dispose();
        await using var otherTab = await EventStreamClient.OpenAsync(browser, page: "/session?from=test");
        Assert.Equal(": connected", await otherTab.NextAsync());

        (await browser.PostSessionValueAsync(token, "theme", "dark")).Dispose();

        Assert.Equal($"{LiveChannel.HtmlChanged}: {{\"data-theme\":\"dark\"}}", await otherTab.NextEventAsync());
        Assert.Equal($"{LiveChannel.SessionChanged}: theme", await otherTab.NextEventAsync());
        var rendered = Rendered(await otherTab.NextEventAsync());
        Assert.Equal(["theme-switch", "row-theme", "store-inspector"], rendered.Select(e => e.Id));
        Assert.Equal("dark", Find(rendered, "#value-theme option[selected]").GetAttribute("value"));
        Assert.Equal("dark", Find(rendered, "#theme-switch-value option[selected]").GetAttribute("value"));
        // The switch sends a browser without JavaScript back to the tab's page, not to the stream.
        Assert.Equal("/session?from=test", Find(rendered, "#theme-switch input[name=returnUrl]").GetAttribute("value"));

        // The rendered forms carry antiforgery tokens the stream stored before it started: a post from them passes.
        foreach (var form in new[] { Find(rendered, "#theme-switch form"), Find(rendered, "#row-theme form") })
        {
            string formToken = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            using var posted = await browser.PostSessionValueAsync(formToken, "theme", "light");
            Assert.Equal(System.Net.HttpStatusCode.OK, posted.StatusCode);
        }
    }

    public static TheoryData<string> NotLocalPages => new()
    {
        "//evil.example/session",
        "https://evil.example/session",
        "/\\evil.example/session",
        "session",
        "/session\u0001",
        "/session?from=" + new string('a', 2040),
    };

    [Theory]
    [MemberData(nameof(NotLocalPages))]
    public async Task A_page_that_is_not_a_local_url_is_rendered_as_the_site_root(string named)
    {
        using var browser = _app.NewBrowser();
        string token = (await browser.OpenAsync("/session")).AntiforgeryToken();
        (await browser.PostSessionValueAsync(token, "language", "en")).Dispose();
        await using var otherTab = await EventStreamClient.OpenAsync(browser, page: named);
        Assert.Equal(": connected", await otherTab.NextAsync());

        (await browser.PostSessionValueAsync(token, "theme", "dark")).Dispose();

        await otherTab.NextEventAsync();
        await otherTab.NextEventAsync();
        var rendered = Rendered(await otherTab.NextEventAsync());
        // What the root shows (no row: the named page is not taken for the table), and the switch returns there.
        Assert.Equal(["theme-switch"], rendered.Select(e => e.Id));
        Assert.Equal("/", Find(rendered, "#theme-switch input[name=returnUrl]").GetAttribute("value"));
    }

    [Fact]
    public async Task A_stream_opened_without_an_antiforgery_cookie_sets_the_one_its_rendered_forms_match()
    {
        using var browser = _app.NewBrowser();
        string token = (await browser.OpenAsync("/session")).AntiforgeryToken();
        (await browser.PostSessionValueAsync(token, "language", "en")).Dispose();
        using var otherTab = _app.NewBrowser();
        foreach (var cookie in browser.Cookies.GetAllCookies().Where(c => c.Name == "sb-session"))
        {
            otherTab.Cookies.Add(cookie);
        }

        await using var stream = await EventStreamClient.OpenAsync(otherTab, page: "/");
        Assert.Equal(": connected", await stream.NextAsync());
        Assert.Contains(otherTab.Cookies.GetAllCookies(), c => c.Name == "sb-antiforgery");
        (await browser.PostSessionValueAsync(token, "theme", "dark")).Dispose();
        await stream.NextEventAsync();
        await stream.NextEventAsync();

        var rendered = Rendered(await stream.NextEventAsync());
        string formToken = Find(rendered, "#theme-switch input[name=__RequestVerificationToken]").GetAttribute("value")!;
        using var posted = await otherTab.PostSessionValueAsync(formToken, "theme", "light");
        Assert.Equal(System.Net.HttpStatusCode.OK, posted.StatusCode);
    }

    /// <summary>
    /// The top-level elements of a "session-rendered" event as htmx swaps them, a &lt;template&gt; standing for its
    /// content; each must be marked hx-swap-oob.
    /// </summary>
    private static List<AngleSharp.Dom.IElement> Rendered(string? sent)
    {
        Assert.NotNull(sent);
        Assert.StartsWith(LiveChannel.Rendered + ": ", sent, StringComparison.Ordinal);
        var parser = new AngleSharp.Html.Parser.HtmlParser();
        var context = parser.ParseDocument("<body></body>");
        var elements = new List<AngleSharp.Dom.IElement>();
        foreach (var node in parser.ParseFragment(sent[(LiveChannel.Rendered.Length + 2)..], context.Body!))
        {
            if (node is AngleSharp.Html.Dom.IHtmlTemplateElement template)
            {
                elements.AddRange(template.Content.Children);
            }
            else if (node is AngleSharp.Dom.IElement element)
            {
                elements.Add(element);
            }
        }

        Assert.All(elements, element => Assert.Equal("true", element.GetAttribute("hx-swap-oob")));
        return elements;
    }

    private static AngleSharp.Dom.IElement Find(List<AngleSharp.Dom.IElement> rendered, string selector) =>
        rendered.Select(e => e.Matches(selector) ? e : e.QuerySelector(selector)).First(e => e is not null)!;
}
