using System.Net;
using System.Text;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Web;

/// <summary>Form bodies the framework cannot read are refused with a clear status, never a 500 (found by the fuzz test).</summary>
public sealed class OddBodiesTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_form_in_a_charset_dotnet_refuses_to_decode_gets_415()
    {
        const string charset = "utf-7";
        using var client = _app.CreateClient();
        using var content = new StringContent("value=true", Encoding.ASCII);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=" + charset);

        using var response = await client.PostAsync("/login", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Equal("The request's content is in a form this site cannot read.", page.QuerySelector("main .alert")?.TextContent);
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
}
