using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SessionBridge.Tests.Fuzz;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Web;

/// <summary>
/// Request bodies over the limit in appsettings.json are refused with 413 however they are sent, before any handler
/// runs; a body that stalls gets 408 once. On a real Kestrel: its limits are what a real client meets.
/// </summary>
public sealed class RequestLimitsTests : IDisposable
{
    private const string BodyLog = "SessionBridge.Web.Hosting.RequestBodyLimit";

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

    [Fact]
    public async Task Body_of_any_type_declared_over_the_limit_is_refused_with_413()
    {
        var (client, _) = await OpenSessionPageAsync();
        using var content = new ByteArrayContent(new byte[HostileRequests.BodyLimit + 1]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync("/session/displayName", content);

        await AssertTooLargeAsync(response);
        client.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Multipart_file_part_over_the_limit_is_refused_with_413(bool chunked)
    {
        var (client, token) = await OpenSessionPageAsync();
        byte[] file = new byte[HostileRequests.BodyLimit + 1];
        byte[] body = [
            .. Encoding.ASCII.GetBytes($"--zz\r\nContent-Disposition: form-data; name=\"__RequestVerificationToken\"\r\n\r\n{token}\r\n"),
            .. Encoding.ASCII.GetBytes("--zz\r\nContent-Disposition: form-data; name=\"value\"; filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"),
            .. file,
            .. Encoding.ASCII.GetBytes("\r\n--zz--\r\n")];
        using var content = new StreamContent(new MemoryStream(body));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=zz");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/session/displayName") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        if (!chunked)
        {
            content.Headers.ContentLength = body.Length;
        }

        using var response = await client.SendAsync(request);

        await AssertTooLargeAsync(response);
        client.Dispose();
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task Stalled_body_gets_408_once_with_one_log_line_and_no_stack_trace(string environment)
    {
        using var app = new SessionBridgeApp().WithEnvironment(environment);

        // Kestrel's default minimum rate with a shorter grace period than its 5 s, so the test waits less.
        app.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(240, TimeSpan.FromSeconds(2));
        });
        app.StartServer();
        var server = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());

        // The headers promise 60,000 bytes; nine come, then nothing. (Over "https" as a trusted proxy says, so
        // Production does not redirect it first.)
        byte[] stalled = Encoding.ASCII.GetBytes(
            "POST /session/displayName HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-Proto: https\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 60000\r\n\r\nvalue=Zed");
        var response = await RawHttp.SendAsync(new IPEndPoint(IPAddress.Loopback, server.Port), stalled, TimeSpan.FromSeconds(30));

        Assert.Equal(408, response.Status);
        Assert.DoesNotContain("Exception", response.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Exception is not null || l.Level >= LogLevel.Error);
        var line = Assert.Single(app.Logs.Lines, l => l.Category == BodyLog);
        Assert.Contains("(408)", line.Message, StringComparison.Ordinal);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(response.Body);
        Assert.Equal("The request arrived too slowly and was stopped. Try again.", page.QuerySelector("main .alert")?.TextContent);
    }

    [Fact]
    public async Task Body_cut_short_by_a_client_that_hangs_up_is_one_log_line_and_no_stack_trace()
    {
        await OpenSessionPageAsync();
        var server = new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        using (var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp))
        {
            await socket.ConnectAsync(IPAddress.Loopback, server.Port);
            await socket.SendAsync(Encoding.ASCII.GetBytes(
                "POST /session/displayName HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 60000\r\n\r\nvalue=Zed"));
        }

        var line = await LoggedOnceAsync(_app, TimeSpan.FromSeconds(10));
        Assert.Matches(@"\((400|499)\)", line.Message);

        // Printed whole if any: what a console would show with a stack trace.
        Assert.Equal("", string.Join('\n', _app.Logs.Lines.Where(l => l.Exception is not null || l.Level >= LogLevel.Error).Select(l => $"{l.Level} {l.Category}: {l.Message} {l.Exception}")));
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

    /// <summary>The body check's one line, once it is written (the server notices a hang-up on its own time).</summary>
    private static async Task<Infrastructure.CapturedLogs.LogLine> LoggedOnceAsync(SessionBridgeApp app, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!app.Logs.Lines.Any(l => l.Category == BodyLog) && waited.Elapsed < timeout)
        {
            await Task.Delay(50);
        }

        // A moment more, so a second line (a re-read of the body) would be there to see.
        await Task.Delay(300);
        return Assert.Single(app.Logs.Lines, l => l.Category == BodyLog);
    }

    private static async Task AssertTooLargeAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("The request was too large.", error.QuerySelector("main .alert")?.TextContent);
    }
}
