using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Session;

/// <summary>Outside Development every cookie is Secure, HttpOnly, SameSite=Lax and pinned to the host.</summary>
public sealed class CookieFlagsTests : IDisposable
{
    private readonly SessionBridgeApp _app = new SessionBridgeApp().WithEnvironment("Production");

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Production_session_cookie_is_host_prefixed_secure_httponly_and_lax()
    {
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using var page = await client.GetAsync("/session");
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync());
        string token = document.QuerySelector("#row-theme input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var save = await client.PostAsync("/session/theme", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["value"] = "dark",
            ["__RequestVerificationToken"] = token,
        }));

        string cookie = Assert.Single(save.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-sb-session=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.All(page.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Production_has_no_demo_accounts_and_no_store_inspector()
    {
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        using var browser = HtmxBrowser.For(_app);

        using var page = await client.GetAsync("/session");
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync());

        Assert.Null(document.QuerySelector("#store-inspector"));

        Assert.Null(_app.Services.GetRequiredService<SessionBridge.Web.Users.UserDirectory>().FindByEmail("alice@example.com"));
    }
}
