using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Web;

/// <summary>A method a route does not serve gets 405 with <c>Allow</c> and the error page, whatever the method and route.</summary>
public sealed class MethodsTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("OPTIONS", "/login", "GET, HEAD, POST")]
    [InlineData("TRACE", "/session/theme", "GET, HEAD, POST")]
    [InlineData("PUT", "/healthz", "GET, HEAD")]
    [InlineData("DELETE", "/css/site.css", "GET, HEAD")]
    [InlineData("GET", "/logout", "POST")]
    [InlineData("OPTIONS", "/error/405", "GET, HEAD")]
    public async Task A_method_the_route_does_not_serve_gets_405_with_allow(string method, string path, string allow)
    {
        using var client = _app.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(allow, string.Join(", ", response.Content.Headers.Allow));
        if (method != "HEAD")
        {
            Assert.Contains("This address does not accept that kind of request.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
