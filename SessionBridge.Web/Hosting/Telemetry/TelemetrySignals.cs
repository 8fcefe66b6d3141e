namespace SessionBridge.Web.Hosting.Telemetry;

/// <summary>Which signals the standard OpenTelemetry variables ask to export.</summary>
internal sealed record TelemetrySignals(bool Traces, bool Metrics, bool Logs, bool ServiceNamed)
{
    public bool None => !Traces && !Metrics && !Logs;

    public static TelemetrySignals From(IConfiguration configuration)
    {
        if (string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase))
        {
            return new TelemetrySignals(false, false, false, false);
        }

        bool all = IsSet(configuration, "OTEL_EXPORTER_OTLP_ENDPOINT");
        return new TelemetrySignals(
            all || IsSet(configuration, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
            all || IsSet(configuration, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"),
            all || IsSet(configuration, "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"),
            IsSet(configuration, "OTEL_SERVICE_NAME")
                || (configuration["OTEL_RESOURCE_ATTRIBUTES"] ?? "").Contains("service.name=", StringComparison.Ordinal));
    }

    private static bool IsSet(IConfiguration configuration, string key) => !string.IsNullOrWhiteSpace(configuration[key]);
}
