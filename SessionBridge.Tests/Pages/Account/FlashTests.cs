using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Account;

/// <summary>A flash belongs to the navigation it was made for: parallel htmx requests cannot take it.</summary>
public sealed class FlashTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Parallel_htmx_requests_before_the_landing_page_do_not_consume_the_welcome_flash()
    {
        using var browser = _app.NewBrowser();
        string token = (await browser.OpenAsync("/session")).AntiforgeryToken();
        using var _ = await browser.PostLoginOnlyAsync();

        // A debounced save and a greeting refresh race the navigation that HX-Redirect starts.
        using var greeting = new HttpRequestMessage(HttpMethod.Get, "/header/greeting");
        greeting.Headers.Add("HX-Request", "true");
        var parallel = await Task.WhenAll(
            browser.Client.SendAsync(greeting),
            browser.PostSessionValueAsync(token, "theme", "dark"));
        var account = await browser.OpenAsync("/account");

        Assert.All(parallel, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(parallel, r => Assert.DoesNotContain(r.Headers.TryGetValues("Set-Cookie", out var c) ? c : [], v => v.StartsWith(AppTestExtensions.TempDataCookie, StringComparison.Ordinal)));
        Assert.Contains("Welcome, Alice", account.Text("#flash"), StringComparison.Ordinal);
        Assert.Equal("dark", account.Document.DocumentElement.GetAttribute("data-theme"));
        Assert.Null((await browser.OpenAsync("/account")).Html("#flash"));
        foreach (var response in parallel)
        {
            response.Dispose();
        }
    }
}
