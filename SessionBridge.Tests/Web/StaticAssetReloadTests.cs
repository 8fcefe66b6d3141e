using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Web;

/// <summary>
/// ReloadStaticAssetsAtRuntime (appsettings.json): ASP.NET Core's reload of wwwroot while the app runs adds a fallback
/// route whose constraint looks on disk for a file named like the path of every GET, pages and fragments included. It
/// is the framework's default for a build that is not published; the app keeps it for Development only.
/// </summary>
public sealed class StaticAssetReloadTests
{
    [Theory]
    [InlineData("Production", false)]
    [InlineData("Development", true)]
    public void The_fallback_that_looks_on_disk_for_every_GET_is_there_only_in_Development(string environment, bool expected)
    {
        using var app = new SessionBridgeApp().WithEnvironment(environment);

        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints;

        Assert.Equal(expected, endpoints.OfType<RouteEndpoint>().Any(endpoint => endpoint.RoutePattern.RawText == "{**path:file}"));
    }
}
