using OpenTelemetry.Instrumentation.AspNetCore;

namespace SessionBridge.Web.Hosting.Telemetry;

/// <summary>What the ASP.NET Core instrumentation may record of a request.</summary>
internal static class TelemetryPrivacy
{
    /// <summary>
    /// No query string at all: returnUrl and handler names travel there, and the instrumentation's own redaction keeps
    /// the parameter names. Headers and cookies are not recorded unless enriched, and nothing here enriches them;
    /// exceptions stay out of spans (their messages can quote what a client sent).
    /// </summary>
    public static void ForRequests(AspNetCoreTraceInstrumentationOptions options)
    {
        options.RecordException = false;
        options.EnrichWithHttpRequest = (activity, _) => activity.SetTag("url.query", null);
    }
}
