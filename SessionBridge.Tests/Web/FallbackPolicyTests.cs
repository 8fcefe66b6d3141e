using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Tests.Infrastructure;
using SessionBridge.Web.Pages;

namespace SessionBridge.Tests.Web;

/// <summary>
/// Deny by default: every page, fragment and endpoint of the app is for signed-in users unless it says AllowAnonymous.
/// The lists below are what the app means to keep behind sign-in: a page added without a word is caught here, and a
/// page made public by mistake is too.
/// </summary>
public sealed class FallbackPolicyTests : IDisposable
{
    private static readonly string[] SignedInPages = ["SessionBridge.Web.Pages.Account.IndexModel", "SessionBridge.Web.Pages.Logout.IndexModel"];

    private static readonly string[] SignedInRoutes = ["account", "logout"];

    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public void Every_page_model_says_AllowAnonymous_except_the_pages_for_signed_in_users()
    {
        var pages = typeof(IndexModel).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(PageModel))).ToList();

        var behindSignIn = pages.Where(t => t.GetCustomAttribute<AllowAnonymousAttribute>() is null).Select(t => t.FullName).Order(StringComparer.Ordinal);

        Assert.True(pages.Count >= 8, $"only {pages.Count} page models found");
        Assert.Equal(SignedInPages, behindSignIn);
    }

    [Fact]
    public void Every_endpoint_says_AllowAnonymous_except_the_pages_for_signed_in_users()
    {
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        // Development's fallback for files added to wwwroot while the app runs (see StaticAssetReloadTests) is mapped by
        // the framework without MapStaticAssets' conventions, so such a file needs sign-in until the next build.
        var behindSignIn = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Where(e => !(e.RoutePattern.RawText == "{**path:file}" && e.DisplayName == "Fallback {**path:file}"))
            .Select(e => e.RoutePattern.RawText)
            .Order(StringComparer.Ordinal);

        // Static assets, the antiforgery script, /healthz, the live channel and its check, and the pages.
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/healthz");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/events/check");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText == "/_htmx/antiforgery.js");
        Assert.Contains(endpoints, e => e.RoutePattern.RawText?.StartsWith("css/", StringComparison.Ordinal) == true);
        Assert.Equal(SignedInRoutes, behindSignIn);
    }

    [Theory]
    [InlineData("GET", "/account")]
    [InlineData("POST", "/account?handler=revokeOthers")]
    [InlineData("POST", "/logout")]
    public async Task A_visitor_is_sent_to_sign_in_from_every_page_behind_it(string method, string path)
    {
        using var browser = _app.NewBrowser();

        using var response = await browser.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/login?reason=sign-in-required", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/login")]
    [InlineData("/session")]
    [InlineData("/header/greeting")]
    [InlineData("/header/theme")]
    [InlineData("/healthz")]
    [InlineData("/_htmx/antiforgery.js")]
    [InlineData("/error/404")]
    public async Task A_visitor_is_served_every_public_page_and_endpoint(string path)
    {
        using var browser = _app.NewBrowser();

        using var response = await browser.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_visitors_refusals_still_render_the_error_page()
    {
        using var browser = _app.NewBrowser();

        var missing = await browser.OpenAsync("/no-such-page");
        using var method = await browser.Client.PutAsync("/healthz", null);

        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        Assert.Equal("Error 404", missing.Text("h1"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, method.StatusCode);
        Assert.Contains("Error 405", await method.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
