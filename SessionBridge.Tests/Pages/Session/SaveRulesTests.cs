using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Session;

/// <summary>POST /session/{key} trusts the route and nothing else a client adds, and answers other methods with 405.</summary>
public sealed class SaveRulesTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_form_field_named_key_cannot_redirect_the_write_to_another_key()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");

        using var save = await PostAsync(browser, page, "/session/displayName", ("key", "theme"), ("value", "dark"));

        Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        var table = await browser.OpenAsync("/session");
        Assert.Equal("dark", table.Element("#value-displayName").GetAttribute("value"));
        Assert.Equal("system", table.Element("#value-theme option[selected]").GetAttribute("value"));
    }

    [Fact]
    public async Task A_save_without_a_value_is_refused_with_422_and_clears_nothing()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        (await browser.PostSessionValueAsync(page.AntiforgeryToken(), "displayName", "Zed")).Dispose();

        using var save = await PostAsync(browser, page, "/session/displayName");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, save.StatusCode);
        var row = await RowAsync(save);
        Assert.Equal("Display name: no value was sent.", row.QuerySelector("#row-displayName .error")?.TextContent);
        Assert.Equal("Zed", (await browser.OpenAsync("/session")).Element("#value-displayName").GetAttribute("value"));
    }

    [Fact]
    public async Task A_save_whose_body_is_not_a_form_is_refused_with_415_not_a_server_error()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/session/displayName")
        {
            Content = new StringContent("{\"value\":\"Zed\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", page.AntiforgeryToken());

        using var save = await browser.Client.SendAsync(request);

        // Pages read forms only: refused before the handler, as any body that is not a form (Web/OddBodiesTests).
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, save.StatusCode);
        Assert.Equal("Hello!", (await browser.OpenAsync("/")).Text("#greeting"));
    }

    [Fact]
    public async Task An_unchecked_flag_still_saves_false()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        (await browser.PostSessionValueAsync(page.AntiforgeryToken(), "compactMode", "true")).Dispose();
        page = await browser.OpenAsync("/session");

        page.Check("value", false, within: "#row-compactMode");
        await page.TriggerAsync("#row-compactMode form");

        Assert.Null((await browser.OpenAsync("/session")).Element("#value-compactMode").GetAttribute("checked"));
    }

    [Fact]
    public async Task A_refused_value_leaves_the_row_showing_what_is_stored()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        (await browser.PostSessionValueAsync(page.AntiforgeryToken(), "theme", "dark")).Dispose();
        string updated = (await browser.OpenAsync("/session")).Text("#row-theme time")!;

        using var save = await browser.PostSessionValueAsync(page.AntiforgeryToken(), "theme", "purple");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, save.StatusCode);
        var row = await RowAsync(save);
        Assert.Equal("dark", row.QuerySelector("#value-theme option[selected]")?.GetAttribute("value"));
        Assert.Equal(updated, row.QuerySelector("#row-theme time")?.TextContent);
        Assert.NotNull(row.QuerySelector("#row-theme .error"));
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task Other_methods_on_a_key_get_405_with_allow(string method)
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        using var request = new HttpRequestMessage(new HttpMethod(method), "/session/theme")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["value"] = "dark" }),
        };
        request.Headers.Add("RequestVerificationToken", page.AntiforgeryToken());

        using var response = await browser.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD", "POST"], response.Content.Headers.Allow);
        var error = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("This address does not accept that kind of request.", error.QuerySelector("main .alert")?.TextContent);
        Assert.Equal("system", (await browser.OpenAsync("/")).Document.DocumentElement!.GetAttribute("data-theme"));
    }

    [Fact]
    public async Task A_no_javascript_save_with_a_non_ascii_return_url_goes_back_to_the_table()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");

        using var save = await PostAsync(browser, page, "/session/theme", ("value", "dark"), ("returnUrl", "/é?x=ü"), ("__RequestVerificationToken", FormToken(page)));

        Assert.Equal(HttpStatusCode.SeeOther, save.StatusCode);
        Assert.Equal("/session", save.Headers.Location?.OriginalString);
    }

    // A row is a <tr>: outside a table the HTML parser would drop it.
    private static async Task<AngleSharp.Dom.IDocument> RowAsync(HttpResponseMessage response) =>
        new AngleSharp.Html.Parser.HtmlParser().ParseDocument("<table>" + await response.Content.ReadAsStringAsync() + "</table>");

    private static string FormToken(HtmxPage page) =>
        page.Element("#row-theme input[name=__RequestVerificationToken]").GetAttribute("value")!;

    private static async Task<HttpResponseMessage> PostAsync(HtmxBrowser browser, HtmxPage page, string path, params (string Name, string Value)[] fields)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Name, f.Value))),
        };
        if (!fields.Any(f => f.Name == "__RequestVerificationToken"))
        {
            request.Headers.Add("HX-Request", "true");
            request.Headers.Add("RequestVerificationToken", page.AntiforgeryToken());
        }

        return await browser.Client.SendAsync(request);
    }
}
