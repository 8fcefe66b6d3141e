using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Events;
using SessionBridge.Keys;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Session;

/// <summary>GET /session and POST /session/{key}: the session data table as a user edits it.</summary>
public sealed class SessionTableTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Table_has_one_row_per_registered_key_with_its_default()
    {
        using var browser = _app.NewBrowser();

        var page = await browser.OpenAsync("/session");

        var rows = page.Document.QuerySelectorAll("#session-table tbody tr").Select(r => r.Id).ToList();
        var registered = _app.Services.GetRequiredService<SessionKeyRegistry>().Keys.Select(key => LiveChannel.RowId(key.Name));
        Assert.Equal(registered, rows);
        Assert.Equal("system", page.Element("#value-theme option[selected]").GetAttribute("value"));
        Assert.Equal("default", page.Text("#row-theme td:last-child"));
        Assert.Null(browser.Cookie(AppTestExtensions.SessionCookie));
    }

    [Fact]
    public async Task Typing_a_display_name_saves_the_row_and_answers_the_greeting_and_the_store_inspector_with_it()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        Assert.Equal("0", page.Text("#store-inspector [data-field=bytes]"));
        int before = browser.Requests.Count;

        page.Fill("value", "Zed", within: "#row-displayName");
        await page.TriggerAsync("#row-displayName form");

        var sent = browser.Requests.Skip(before).Select(r => $"{r.Method} {r.Url.AbsolutePath} {(int)r.Status}").ToList();
        Assert.Equal(["POST /session/displayName 200"], sent);
        Assert.NotEqual("0", page.Text("#store-inspector [data-field=bytes]"));
        Assert.Single(page.Document.QuerySelectorAll("#store-inspector"));
        Assert.Equal("Hello, Zed", page.Text("#greeting"));
        Assert.Equal("Zed", ((IHtmlInputElement)page.Element("#value-displayName")).Value);
        Assert.NotEqual("default", page.Text("#row-displayName td:last-child"));
        Assert.Single(page.Document.QuerySelectorAll("#row-displayName"));
    }

    [Fact]
    public async Task A_save_answers_only_the_rows_updated_cell_in_at_most_400_bytes_with_HX_Trigger_session_changed()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");

        // A key shown only on <html>: a key shown in a fragment also answers that fragment (ShownInTests).
        using var response = await browser.PostSessionValueAsync(page.AntiforgeryToken(), "compactMode", "true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"session-changed\":{\"key\":\"compactMode\"},\"html-changed\":{\"data-density\":\"compact\"}}", Assert.Single(response.Headers.GetValues("HX-Trigger")));
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        string html = System.Text.Encoding.UTF8.GetString(body);
        Assert.StartsWith("<td id=\"row-compactMode-updated\"", html.Trim(), StringComparison.Ordinal);
        Assert.InRange(body.Length, 1, 400);
        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
        Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Saving_while_typing_leaves_the_field_in_place_and_the_pages_token_keeps_working()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        var field = page.Element("#value-displayName");
        var form = page.Element("#row-displayName form");

        page.Fill("value", "Ze", within: "#row-displayName");
        await page.TriggerAsync("#row-displayName form");
        page.Fill("value", "Zed", within: "#row-displayName");
        await page.TriggerAsync("#row-displayName form");

        Assert.Same(field, page.Element("#value-displayName"));
        Assert.Same(form, page.Element("#row-displayName form"));
        Assert.Equal(HttpStatusCode.OK, browser.LastRequestTo(HttpMethod.Post, "/session/displayName").Status);
        Assert.Equal("Hello, Zed", page.Text("#greeting"));
        Assert.Equal("Zed", (await browser.OpenAsync("/session")).Element("#value-displayName").GetAttribute("value"));
    }

    [Fact]
    public async Task Fixing_an_invalid_value_saves_it_and_clears_the_error()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        page.Fill("value", new string('x', 41), within: "#row-displayName");
        await page.TriggerAsync("#row-displayName form");
        Assert.NotNull(page.Html("#row-displayName-error"));

        page.Fill("value", "Zed", within: "#row-displayName");
        await page.TriggerAsync("#row-displayName form");

        Assert.Null(page.Html("#row-displayName-error"));
        Assert.Null(page.Element("#value-displayName").GetAttribute("aria-invalid"));
        Assert.Equal("Zed", ((IHtmlInputElement)page.Element("#value-displayName")).Value);
        Assert.NotEqual("default", page.Text("#row-displayName-updated"));
        Assert.Equal("Hello, Zed", page.Text("#greeting"));
    }

    [Fact]
    public async Task Theme_switch_in_the_header_saves_the_theme_and_refreshes_itself()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/");

        page.Fill("value", "dark", within: "#theme-switch");
        await page.TriggerAsync("#theme-switch form");

        Assert.Equal(new Dictionary<string, string> { ["data-theme"] = "dark" }, page.Response.HtmlChanged());
        Assert.Equal("dark", page.Element("#theme-switch-value option[selected]").GetAttribute("value"));
        Assert.Equal("dark", (await browser.OpenAsync("/")).Document.DocumentElement.GetAttribute("data-theme"));
    }

    [Fact]
    public async Task Theme_chosen_in_the_header_on_the_session_page_answers_the_switch_and_the_theme_row_in_one_answer()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        int before = browser.Requests.Count;

        page.Fill("value", "light", within: "#theme-switch");
        await page.TriggerAsync("#theme-switch form");

        var sent = browser.Requests.Skip(before).Select(r => $"{r.Method} {r.Url.AbsolutePath}").ToList();
        Assert.Equal(["POST /session/theme"], sent);
        Assert.NotEqual("default", page.Text("#row-theme td:last-child"));
        Assert.Equal("light", page.Element("#value-theme option[selected]").GetAttribute("value"));
        Assert.Equal("light", page.Element("#theme-switch-value option[selected]").GetAttribute("value"));
        Assert.Equal(new Dictionary<string, string> { ["data-theme"] = "light" }, page.Response.HtmlChanged());
    }

    [Fact]
    public async Task Without_JavaScript_each_row_saves_with_a_303_back_to_the_table()
    {
        using var browser = _app.NewBrowser();
        var page = (await browser.OpenAsync("/session")).WithoutJavaScript("#row-language form");
        page.Fill("value", "de", within: "#row-language");

        var after = await page.SubmitAsync("#row-language form");

        Assert.Equal(HttpStatusCode.SeeOther, browser.LastRequestTo(HttpMethod.Post, "/session/language").Status);
        Assert.Equal("/session", after.Url.AbsolutePath);
        Assert.Equal("de", after.Element("#value-language option[selected]").GetAttribute("value"));
    }

    [Fact]
    public async Task Without_JavaScript_a_checkbox_can_be_cleared_again()
    {
        using var browser = _app.NewBrowser();
        var page = (await browser.OpenAsync("/session")).WithoutJavaScript("#row-compactMode form");
        page.Check("value", true, within: "#row-compactMode");
        page = (await page.SubmitAsync("#row-compactMode form")).WithoutJavaScript("#row-compactMode form");
        Assert.NotNull(page.Element("#value-compactMode").GetAttribute("checked"));

        page.Check("value", false, within: "#row-compactMode");
        page = await page.SubmitAsync("#row-compactMode form");

        Assert.Null(page.Element("#value-compactMode").GetAttribute("checked"));
        Assert.NotEqual("default", page.Text("#row-compactMode td:last-child"));
    }

    [Fact]
    public async Task Unknown_key_is_refused_with_400_and_an_alert_and_nothing_is_stored()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");

        using var response = await browser.PostSessionValueAsync(page.AntiforgeryToken(), "isAdmin", "true");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("#alerts", Assert.Single(response.Headers.GetValues("HX-Retarget")));
        var alert = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("'isAdmin' is not a session key.", alert.QuerySelector("p.alert")?.TextContent);
        Assert.Null(browser.Cookie(AppTestExtensions.SessionCookie));
    }

    [Fact]
    public async Task Unknown_key_without_JavaScript_renders_the_table_with_the_alert()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        var form = page.Element("#row-theme form");
        form.SetAttribute("action", "/session/isAdmin");
        page.WithoutJavaScript("#row-theme form");

        var after = await page.SubmitAsync("#row-theme form");

        Assert.Equal(HttpStatusCode.BadRequest, after.Response.StatusCode);
        Assert.Equal("'isAdmin' is not a session key.", after.Text("main .alert"));
        Assert.NotNull(after.Html("#session-table"));
    }

    [Theory]
    [InlineData("displayName", "this display name is far longer than forty characters", "at most 40 characters")]
    [InlineData("theme", "purple", "Theme must be one of: System, Light, Dark.")]
    [InlineData("compactMode", "maybe", "must be true or false")]
    public async Task Invalid_value_answers_422_with_the_message_next_to_the_field_and_stores_nothing(string key, string value, string message)
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");

        using var response = await browser.PostSessionValueAsync(page.AntiforgeryToken(), key, value);
        string html = await response.Content.ReadAsStringAsync();
        var reloaded = await browser.OpenAsync("/session");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains($"id=\"row-{key}\"", html, StringComparison.Ordinal);
        Assert.Contains(message, html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("HX-Trigger"));
        Assert.Equal("default", reloaded.Text($"#row-{key} td:last-child"));
    }

    [Fact]
    public async Task Too_long_display_name_typed_in_the_page_shows_the_error_in_the_row_and_keeps_the_typed_value()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        string typed = new('x', 41);

        page.Fill("value", typed, within: "#row-displayName");
        await page.TriggerAsync("#row-displayName form");

        Assert.Contains("at most 40 characters", page.Text("#row-displayName-error"), StringComparison.Ordinal);
        Assert.Equal(typed, page.Element("#value-displayName").GetAttribute("value"));
        Assert.Equal("Hello!", page.Text("#greeting"));
    }

    [Fact]
    public async Task Save_without_antiforgery_token_is_refused_with_400_and_stores_nothing()
    {
        using var browser = _app.NewBrowser();
        await browser.OpenAsync("/session");

        using var response = await browser.Client.PostAsync("/session/theme", new FormUrlEncodedContent(new Dictionary<string, string> { ["value"] = "dark" }));
        var page = await browser.OpenAsync("/session");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("system", page.Element("#value-theme option[selected]").GetAttribute("value"));
    }

    [Fact]
    public async Task Session_cookie_that_does_not_decode_starts_a_new_visitor_instead_of_failing()
    {
        using var browser = _app.NewBrowser();
        browser.SetCookie(AppTestExtensions.SessionCookie, "not-a-token-we-issued");

        var page = await browser.OpenAsync("/session");
        using var response = await browser.PostSessionValueAsync(page.AntiforgeryToken(), "theme", "dark");

        Assert.Equal(HttpStatusCode.OK, page.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual("not-a-token-we-issued", browser.Cookie(AppTestExtensions.SessionCookie));
        Assert.Equal("dark", (await browser.OpenAsync("/")).Document.DocumentElement.GetAttribute("data-theme"));
    }

    [Fact]
    public async Task Stored_values_are_in_the_first_HTML_of_every_page_no_flicker()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        string token = page.AntiforgeryToken();
        (await browser.PostSessionValueAsync(token, "theme", "dark")).Dispose();
        (await browser.PostSessionValueAsync(token, "displayName", "Zoë")).Dispose();
        int before = browser.Requests.Count;

        var home = await browser.OpenAsync("/");

        Assert.Equal(1, browser.Requests.Count - before);
        Assert.Equal("dark", home.Document.DocumentElement.GetAttribute("data-theme"));
        Assert.Equal("Hello, Zoë", home.Text("#greeting"));
        Assert.Equal("dark", home.Element("#theme-switch-value option[selected]").GetAttribute("value"));
    }

    [Fact]
    public async Task Dev_inspector_shows_the_store_view_of_this_session()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        (await browser.PostSessionValueAsync(page.AntiforgeryToken(), "theme", "dark")).Dispose();

        var inspected = await browser.OpenAsync("/session");

        Assert.Equal("memory", inspected.Text("#store-inspector [data-field=kind]"));
        Assert.Equal(12, inspected.Text("#store-inspector [data-field=session]")!.Length);
        Assert.Equal("20 minutes", inspected.Text("#store-inspector [data-field=ttl]"));
        Assert.True(int.Parse(inspected.Text("#store-inspector [data-field=bytes]")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
    }
}
