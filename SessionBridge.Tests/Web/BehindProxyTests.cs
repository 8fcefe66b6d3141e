using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Web;

/// <summary>
/// Production behind a TLS-terminating load balancer: the app listens on plain HTTP (real Kestrel on loopback here) and
/// believes X-Forwarded-Proto only from the proxies in "Proxy"; anything else is sent to HTTPS, never answered 500.
/// </summary>
public sealed class BehindProxyTests
{
    [Fact]
    public async Task A_request_forwarded_as_https_by_a_trusted_proxy_works_in_production()
    {
        using var app = ProductionApp();
        using var client = Client(app);

        using var login = await SendAsync(client, HttpMethod.Get, "/login", forwardedProto: "https");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.All(login.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await login.Content.ReadAsStringAsync());
        string token = document.QuerySelector("#login-form input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        string antiforgery = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-sb-antiforgery=", StringComparison.Ordinal)).Split(';')[0];

        using var post = await SendAsync(client, HttpMethod.Post, "/login", forwardedProto: "https", cookie: antiforgery, form: new()
        {
            ["__RequestVerificationToken"] = token,
            ["email"] = "nobody@example.com",
            ["password"] = "wrong",
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, post.StatusCode);
        Assert.Contains("Email or password is incorrect.", await post.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/login")]
    [InlineData("POST", "/login")]
    public async Task Plain_http_from_an_untrusted_source_is_sent_to_https_even_when_it_claims_https(string method, string path)
    {
        using var app = ProductionApp().WithSetting("Proxy:TrustedProxies:0", "10.9.9.9");
        using var client = Client(app);

        using var response = await SendAsync(client, new HttpMethod(method), path, forwardedProto: "https");

        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("https", response.Headers.Location?.Scheme);
        Assert.Equal(path, response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task The_health_check_answers_over_plain_http_with_status_and_store_only()
    {
        using var app = ProductionApp();
        using var client = Client(app);

        using var response = await SendAsync(client, HttpMethod.Get, "/healthz", forwardedProto: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["status", "store"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("memory", json.RootElement.GetProperty("store").GetString());
    }

    [Fact]
    public void A_trusted_proxy_that_is_not_an_address_stops_the_app_with_a_message_naming_the_key()
    {
        using var app = ProductionApp().WithSetting("Proxy:TrustedNetworks:0", "not-a-network");

        var error = Assert.ThrowsAny<Exception>(() => Client(app));

        Assert.Contains("Proxy:TrustedNetworks", error.ToString(), StringComparison.Ordinal);
    }

    private static SessionBridgeApp ProductionApp()
    {
        var app = new SessionBridgeApp().WithEnvironment("Production");
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        return app;
    }

    private static HttpClient Client(SessionBridgeApp app)
    {
        app.StartServer();
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string? forwardedProto, string? cookie = null, Dictionary<string, string>? form = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (forwardedProto is not null)
        {
            request.Headers.Add("X-Forwarded-Proto", forwardedProto);
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        }

        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        return await client.SendAsync(request);
    }
}
