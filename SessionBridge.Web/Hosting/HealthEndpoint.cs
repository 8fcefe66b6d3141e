using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using SessionBridge.Web.Bridge.Sessions;

namespace SessionBridge.Web.Hosting;

public static class HealthEndpoint
{
    /// <summary>GET /healthz: 200 or 503 with a JSON body naming each check and why it failed.</summary>
    public static void MapHealth(this WebApplication app) =>
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteAsync })
            .WithMetadata(new WithoutSessionAttribute());

    private static Task WriteAsync(HttpContext context, Microsoft.Extensions.Diagnostics.HealthChecks.HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }
}
