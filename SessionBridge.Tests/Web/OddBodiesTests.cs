using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.Logging;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Web;

/// <summary>
/// Bodies of every shape a page may be sent: each that cannot be read is refused with a clear status and the error
/// page (its fragment for htmx), logged once in one line, never a 500. Each is sent with a valid antiforgery token
/// in the header, so the body alone decides what happens.
/// </summary>
public sealed class OddBodiesTests : IDisposable
{
    public static readonly TheoryData<string> Routes = new(
        "/session/displayName", "/session/theme", "/login", "/logout", "/account?handler=revoke", "/account?handler=revokeOthers");

    private const string BodyLog = "SessionBridge.Web.Hosting.RequestBodyLimit";
    private const string Malformed = "The request could not be accepted. If you submitted a form, it may have expired: reload the page and try again.";
    private const string Unreadable = "The request's content is in a form this site cannot read.";

    private readonly SessionBridgeApp _app = new();
    private HtmxBrowser? _browser;
    private string _token = "";

    public void Dispose()
    {
        _browser?.Dispose();
        _app.Dispose();
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Random_bytes_as_multipart_get_400(string route)
    {
        using var response = await PostAsync(route, "multipart/form-data; boundary=zz", RandomBytes(300));

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, Malformed);
    }

    [Fact]
    public async Task Multipart_cut_before_its_closing_boundary_gets_400()
    {
        using var response = await PostAsync("/session/displayName", "multipart/form-data; boundary=zz", Multipart("zz", ("value", "Zed"))[..^10]);

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, Malformed);
    }

    [Fact]
    public async Task Multipart_that_uses_another_boundary_than_its_header_gets_400()
    {
        using var response = await PostAsync("/session/displayName", "multipart/form-data; boundary=zz", Multipart("yy", ("value", "Zed")));

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, Malformed);
    }

    [Theory]
    [InlineData("multipart/form-data")]
    [InlineData("multipart/form-data; boundary=")]
    [InlineData("multipart/form-data; boundary=\"\"")]
    public async Task Multipart_without_a_boundary_gets_400(string contentType)
    {
        using var response = await PostAsync("/session/displayName", contentType, Multipart("zz", ("value", "Zed")));

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, Malformed);
    }

    [Fact]
    public async Task Multipart_with_a_200_character_boundary_gets_400()
    {
        string boundary = new('b', 200);

        using var response = await PostAsync("/session/displayName", "multipart/form-data; boundary=" + boundary, Multipart(boundary, ("value", "Zed")));

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, Malformed);
    }

    [Fact]
    public async Task Multipart_part_with_more_headers_than_the_reader_allows_gets_413()
    {
        string headers = string.Concat(Enumerable.Range(0, 20).Select(i => $"X-{i}: x\r\n"));
        byte[] body = Encoding.ASCII.GetBytes($"--zz\r\nContent-Disposition: form-data; name=\"value\"\r\n{headers}\r\nZed\r\n--zz--\r\n");

        using var response = await PostAsync("/session/displayName", "multipart/form-data; boundary=zz", body);

        await AssertRefusedAsync(response, HttpStatusCode.RequestEntityTooLarge, "The request was too large.");
    }

    [Fact]
    public async Task Well_formed_multipart_form_is_read_like_a_url_encoded_one()
    {
        using var response = await PostAsync("/session/displayName", "multipart/form-data; boundary=zz", Multipart("zz", ("value", "Zoë")));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("Zoë", await StoredDisplayNameAsync());
    }

    [Theory]
    [InlineData("utf-7")]
    [InlineData("UTF-7")]
    [InlineData("nonsense")]
    [InlineData("utf-16")]
    [InlineData("utf-16be")]
    [InlineData("utf-32")]
    public async Task Form_in_a_charset_the_form_reader_cannot_read_gets_415(string charset)
    {
        using var response = await PostAsync("/session/displayName", "application/x-www-form-urlencoded; charset=" + charset, Encoding.ASCII.GetBytes("value=Zed"));

        await AssertRefusedAsync(response, HttpStatusCode.UnsupportedMediaType, Unreadable);
    }

    [Theory]
    [InlineData("utf-8", "Zoë")]
    [InlineData("\"UTF-8\"", "Zoë")]
    [InlineData("iso-8859-1", "Zoë")]
    [InlineData("latin1", "Zoë")]
    [InlineData("us-ascii", "Zed")]
    public async Task Form_in_an_ASCII_compatible_charset_is_read_in_it(string charset, string value)
    {
        var encoding = Encoding.GetEncoding(charset.Trim('"'));

        using var response = await PostAsync("/session/displayName", "application/x-www-form-urlencoded; charset=" + charset, encoding.GetBytes("value=" + value));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(value, await StoredDisplayNameAsync());
    }

    [Theory]
    [InlineData("application/json", "{\"value\":\"Zed\"}")]
    [InlineData("application/octet-stream", "value=Zed")]
    [InlineData("text/plain", "value=Zed")]
    [InlineData("multipart/mixed; boundary=zz", "value=Zed")]
    [InlineData(null, "value=Zed")]
    public async Task Content_that_is_not_a_form_gets_415(string? contentType, string body)
    {
        using var response = await PostAsync("/session/displayName", contentType, Encoding.UTF8.GetBytes(body));

        await AssertRefusedAsync(response, HttpStatusCode.UnsupportedMediaType, Unreadable);
    }

    [Fact]
    public async Task Empty_post_without_a_content_type_goes_to_the_page()
    {
        using var response = await PostAsync("/session/displayName", null, []);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.DoesNotContain(_app.Logs.Lines, l => l.Category == BodyLog);
    }

    [Theory]
    [InlineData("value=%ZZ", "%ZZ")]
    [InlineData("value=%", "%")]
    [InlineData("value=100%25%2", "100%%2")]
    public async Task Broken_percent_escape_is_kept_as_it_was_sent(string body, string stored)
    {
        using var response = await PostAsync("/session/displayName", "application/x-www-form-urlencoded", Encoding.ASCII.GetBytes(body));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal(stored, await StoredDisplayNameAsync());
    }

    [Theory]
    [InlineData("value=%00")]
    [InlineData("%00=Zed")]
    public async Task Form_with_a_NUL_the_form_reader_refuses_gets_400(string body)
    {
        using var response = await PostAsync("/session/displayName", "application/x-www-form-urlencoded", Encoding.ASCII.GetBytes(body));

        await AssertRefusedAsync(response, HttpStatusCode.BadRequest, Malformed);
    }

    [Fact]
    public async Task Random_bytes_as_a_url_encoded_form_are_fields_like_any_other()
    {
        using var response = await PostAsync("/session/displayName", "application/x-www-form-urlencoded", RandomBytes(300));

        // No "value" among them: the page's own answer, not a refusal of the body.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.DoesNotContain(_app.Logs.Lines, l => l.Category == BodyLog);
    }

    [Fact]
    public async Task Refused_body_sent_by_htmx_gets_the_message_as_a_fragment_in_the_alert_region()
    {
        using var response = await PostAsync("/session/displayName", "multipart/form-data; boundary=zz", RandomBytes(300), htmx: true);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("#alerts", response.Headers.GetValues("HX-Retarget").Single());
        var fragment = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Null(fragment.QuerySelector("main"));
        Assert.Equal(Malformed, fragment.QuerySelector(".alert")?.TextContent);
    }

    [Theory]
    [InlineData("a[=1")]
    [InlineData("value[=x&value]=y")]
    public async Task A_field_name_with_an_unclosed_bracket_is_just_a_field(string body)
    {
        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/session?" + body)
        {
            Content = new StringContent(body, Encoding.ASCII, "application/x-www-form-urlencoded"),
        };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static byte[] RandomBytes(int count)
    {
        byte[] bytes = new byte[count];
        new Random(16).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Multipart(string boundary, params (string Name, string Value)[] fields) =>
        Encoding.UTF8.GetBytes(string.Concat(fields.Select(f => $"--{boundary}\r\nContent-Disposition: form-data; name=\"{f.Name}\"\r\n\r\n{f.Value}\r\n")) + $"--{boundary}--\r\n");

    /// <summary>POSTs the bytes as they are, as a visitor with the session page open and its token in the header.</summary>
    private async Task<HttpResponseMessage> PostAsync(string route, string? contentType, byte[] body, bool htmx = false)
    {
        if (_browser is null)
        {
            _browser = _app.NewBrowser();
            _token = (await _browser.OpenAsync("/session")).AntiforgeryToken();
        }

        var content = new ByteArrayContent(body);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, route) { Content = content };
        request.Headers.Add("RequestVerificationToken", _token);
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }

        return await _browser.Client.SendAsync(request);
    }

    private async Task<string?> StoredDisplayNameAsync() =>
        (await _browser!.OpenAsync("/session")).Element("#row-displayName input[name=value]").GetAttribute("value");

    private async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        Assert.Equal(status, response.StatusCode);
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal(message, page.QuerySelector("main .alert")?.TextContent);

        // Logged once, in one line that names the status, with no stack trace anywhere.
        var line = Assert.Single(_app.Logs.Lines, l => l.Category == BodyLog);
        Assert.Contains($"({(int)status})", line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_app.Logs.Lines, l => l.Exception is not null || l.Level >= LogLevel.Error);
    }
}
