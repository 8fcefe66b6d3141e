using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SessionBridge.Sessions;
using SessionBridge.Store;

namespace SessionBridge.Web.Hosting;

public static class HealthEndpoint
{
    public const string Path = "/healthz";

    /// <summary>
    /// GET /healthz: 200 or 503 with a JSON body: the status and the store kind, and in Development each check's
    /// description (why it failed). The store client's own diagnostics name servers and internals: not for anyone.
    /// </summary>
    public static void MapHealth(this WebApplication app)
    {
        bool details = app.Environment.IsDevelopment();
        string storeKind = app.Services.GetRequiredService<ISessionRecordStore>().Kind;
        app.MapHealthChecks(Path, new HealthCheckOptions { ResponseWriter = (context, report) => WriteAsync(context, report, storeKind, details) })
            .WithMetadata(new WithoutSessionAttribute(), new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]))
            .AllowAnonymous();
    }

    private static Task WriteAsync(HttpContext context, HealthReport report, string storeKind, bool details)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        object body = details
            ? new
            {
                status = report.Status.ToString(),
                store = storeKind,
                checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
            }
            : new { status = report.Status.ToString(), store = storeKind };
        return JsonSerializer.SerializeAsync(context.Response.Body, body);
    }
}
