using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Web;

/// <summary>Request bodies over the limit in appsettings.json are refused with 413 however they are sent, before any handler runs.</summary>
public sealed class RequestLimitsTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Oversized_body_is_refused_with_413_and_stores_nothing()
    {
        var (client, token) = await OpenSessionPageAsync();

        using var response = await client.PostAsync("/session/displayName", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["value"] = new string('x', 100_000),
        }));

        await AssertTooLargeAsync(response);
        client.Dispose();
    }

    [Fact]
    public async Task Oversized_chunked_body_without_a_length_is_refused_with_413()
    {
        var (client, token) = await OpenSessionPageAsync();
        var body = new MemoryStream(System.Text.Encoding.ASCII.GetBytes("__RequestVerificationToken=" + Uri.EscapeDataString(token) + "&value=" + new string('x', 100_000)));
        using var content = new StreamContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/session/displayName") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        await AssertTooLargeAsync(response);
        client.Dispose();
    }

    [Fact]
    public async Task Small_chunked_body_is_read_as_usual()
    {
        var (client, token) = await OpenSessionPageAsync();
        using var content = new StreamContent(new MemoryStream(System.Text.Encoding.ASCII.GetBytes("__RequestVerificationToken=" + Uri.EscapeDataString(token) + "&value=Zed")));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/session/displayName") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        client.Dispose();
    }

    [Fact]
    public async Task Form_with_more_fields_than_the_form_reader_allows_is_refused_with_413()
    {
        var (client, token) = await OpenSessionPageAsync();
        var fields = Enumerable.Range(0, 1100).Select(i => KeyValuePair.Create("f" + i, "1")).Append(KeyValuePair.Create("__RequestVerificationToken", token));

        using var response = await client.PostAsync("/session/displayName", new FormUrlEncodedContent(fields));

        await AssertTooLargeAsync(response);
        client.Dispose();
    }

    private async Task<(HttpClient Client, string Token)> OpenSessionPageAsync()
    {
        // Not UseKestrel(0): see LiveApp for the start-up race that overload has. Kestrel, because its body limit is
        // what a real client meets.
        _app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app.StartServer();
        string address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
        using var page = await client.GetAsync("/session");
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await page.Content.ReadAsStringAsync());
        return (client, document.QuerySelector("#row-displayName input[name=__RequestVerificationToken]")!.GetAttribute("value")!);
    }

    private static async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("The request was too large.", error.QuerySelector("main .alert")?.TextContent);
    }
}
