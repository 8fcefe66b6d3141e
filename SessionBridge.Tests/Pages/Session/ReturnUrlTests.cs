using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Session;

/// <summary>
/// The header's theme and language switches post the page's own address as "returnUrl" and, without JavaScript, the
/// save answers 303 to it. It is a form field anyone can fill in, so the redirect only ever stays on this site.
/// </summary>
public sealed class ReturnUrlTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("//evil.example/", "/session")]
    [InlineData(@"/\evil.example", "/session")]
    [InlineData("https://evil.example/", "/session")]
    [InlineData("/\t/evil.example", "/session")]
    [InlineData("/%2F%2Fevil.example", "/%2F%2Fevil.example")]
    [InlineData("/account?tab=1", "/account?tab=1")]
    public async Task A_no_javascript_save_goes_back_only_to_an_address_on_this_site(string returnUrl, string location)
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        string token = page.Element("#theme-switch input[name=__RequestVerificationToken]").GetAttribute("value")!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/session/theme")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["value"] = "dark", ["returnUrl"] = returnUrl, ["__RequestVerificationToken"] = token }),
        };

        using var save = await browser.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.SeeOther, save.StatusCode);
        Assert.Equal(location, save.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("http://localhost//evil.example/session", "/")]
    [InlineData("http://localhost/%2F%2Fevil.example", "/%2F%2Fevil.example")]
    [InlineData("javascript:alert(1)", "/")]
    [InlineData("http://localhost/session?from=test", "/session?from=test")]
    public async Task An_htmx_save_renders_its_switch_for_a_page_of_this_site_only(string currentUrl, string page)
    {
        using var browser = _app.NewBrowser();
        var opened = await browser.OpenAsync("/");
        string token = opened.Element("#theme-switch input[name=__RequestVerificationToken]").GetAttribute("value")!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/session/theme")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["value"] = "dark", ["returnUrl"] = "/", ["__RequestVerificationToken"] = token }),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("HX-Target", "theme-switch");
        request.Headers.Add("HX-Current-URL", currentUrl);

        using var save = await browser.Client.SendAsync(request);

        // The page the answer renders for is where the switch sends a browser without JavaScript: this site only.
        Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        var answer = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await save.Content.ReadAsStringAsync());
        var returnUrl = Assert.Single(answer.QuerySelectorAll<IHtmlTemplateElement>("template")
            .Select(template => template.Content.QuerySelector("#theme-switch input[name=returnUrl]")).OfType<IElement>());
        Assert.Equal(page, returnUrl.GetAttribute("value"));
    }
}
