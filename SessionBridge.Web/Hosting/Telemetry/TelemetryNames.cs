namespace SessionBridge.Web.Hosting.Telemetry;

internal static class TelemetryNames
{
    /// <summary>service.name when OTEL_SERVICE_NAME does not say.</summary>
    public const string Service = "sessionbridge";
}
