using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Web;

/// <summary>Oversized request bodies are refused by Kestrel's limit from appsettings.json, before any handler runs.</summary>
public sealed class RequestLimitsTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Oversized_body_is_refused_with_413_and_stores_nothing()
    {
        // Not UseKestrel(0): see LiveApp for the start-up race that overload has.
        _app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app.StartServer();
        string address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
        using var page = await client.GetAsync("/session");
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync());
        string token = document.QuerySelector("#row-displayName input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        using var response = await client.PostAsync("/session/displayName", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["value"] = new string('x', 100_000),
        }));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("The request was too large.", error.QuerySelector("main .alert")?.TextContent);
    }
}
