using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Web;

/// <summary>Every page and fragment carries the security headers, and htmx is configured to run under the CSP.</summary>
public sealed class SecurityHeadersTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("/")]
    [InlineData("/login")]
    [InlineData("/session")]
    [InlineData("/account")]
    [InlineData("/header/greeting")]
    [InlineData("/error/404")]
    [InlineData("/no-such-page")]
    public async Task Every_response_has_a_strict_CSP_and_the_other_security_headers(string path)
    {
        using var browser = _app.NewBrowser();
        await SessionBridgeApp.SignInAsync(browser);

        using var response = await browser.Client.GetAsync(path);

        string csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Contains("HX-Request", response.Headers.Vary);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/login")]
    [InlineData("/session")]
    public async Task Pages_have_no_inline_script_or_style_and_htmx_is_configured_for_the_CSP(string path)
    {
        using var browser = _app.NewBrowser();

        var page = await browser.OpenAsync(path);

        Assert.All(page.Document.Scripts, script => Assert.False(string.IsNullOrEmpty(script.Source), "inline <script> found"));
        Assert.Empty(page.Document.QuerySelectorAll("style, [style]"));
        Assert.Empty(page.Document.QuerySelectorAll("[onclick], [onload], [onchange], [oninput], [onsubmit]"));
        string config = page.Element("meta[name=htmx-config]").GetAttribute("content")!;
        Assert.Contains("\"allowEval\":false", config, StringComparison.Ordinal);
        Assert.Contains("\"includeIndicatorStyles\":false", config, StringComparison.Ordinal);
        Assert.Contains("\"historyRestoreAsHxRequest\":false", config, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Htmx_is_loaded_with_a_version_fingerprint()
    {
        using var browser = _app.NewBrowser();

        var page = await browser.OpenAsync("/");
        string src = page.Element("script[src*='htmx.min']").GetAttribute("src")!;
        using var script = await browser.Client.GetAsync(src);

        Assert.Matches(@"^/lib/htmx\.org/dist/htmx\.min\.[a-z0-9]+\.js$", src);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task Fragments_answer_htmx_requests_and_pages_answer_full_requests()
    {
        using var browser = _app.NewBrowser();
        using var htmx = new HttpRequestMessage(HttpMethod.Get, "/session/theme");
        htmx.Headers.Add("HX-Request", "true");

        using var fragment = await browser.Client.SendAsync(htmx);
        using var page = await browser.Client.GetAsync("/session/theme");

        Assert.StartsWith("<tr id=\"row-theme\"", (await fragment.Content.ReadAsStringAsync()).Trim(), StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", (await page.Content.ReadAsStringAsync()).Trim(), StringComparison.Ordinal);
    }
}
