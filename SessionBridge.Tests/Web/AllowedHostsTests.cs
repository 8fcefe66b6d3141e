using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Web;

/// <summary>
/// The Host header is the client's: with AllowedHosts "*" the HTTPS redirect sends a visitor wherever it names. In
/// Production the app says so at start, and with AllowedHosts set, another Host is refused before anything is built
/// from it.
/// </summary>
public sealed class AllowedHostsTests
{
    private const string Warning = "AllowedHosts is \"*\" in Production";

    [Fact]
    public void Production_with_any_host_allowed_warns_once_at_start()
    {
        using var app = new SessionBridgeApp().WithEnvironment("Production");
        _ = app.Services;

        var line = Assert.Single(app.Logs.Matching(Warning));
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains("Set AllowedHosts", line.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production", "app.example;www.app.example")]
    [InlineData("Development", "*")]
    public void No_warning_when_hosts_are_set_or_outside_production(string environment, string allowedHosts)
    {
        using var app = new SessionBridgeApp().WithEnvironment(environment).WithSetting("AllowedHosts", allowedHosts);
        _ = app.Services;

        Assert.Contains(app.Logs.Lines, l => l.Message.Contains("listening on", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, l => l.Message.Contains("AllowedHosts", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/login")]
    public async Task With_hosts_set_another_host_gets_400_and_never_a_redirect_to_it(string path)
    {
        using var app = new SessionBridgeApp().WithEnvironment("Production").WithSetting("AllowedHosts", "app.example");
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        using var client = Client(app);

        using var evil = await SendAsync(client, path, host: "evil.example");
        using var ours = await SendAsync(client, path, host: "app.example");

        Assert.Equal(HttpStatusCode.BadRequest, evil.StatusCode);
        Assert.Null(evil.Headers.Location);
        Assert.Equal(HttpStatusCode.PermanentRedirect, ours.StatusCode);
        Assert.Equal(new Uri("https://app.example" + path), ours.Headers.Location);
    }

    private static HttpClient Client(SessionBridgeApp app)
    {
        app.StartServer();
        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(address) };
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        return await client.SendAsync(request);
    }
}
