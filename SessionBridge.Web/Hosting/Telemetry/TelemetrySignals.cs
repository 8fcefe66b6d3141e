namespace SessionBridge.Web.Hosting.Telemetry;

/// <summary>Which signals the standard OpenTelemetry variables ask to export, and where.</summary>
internal sealed record TelemetrySignals(bool Traces, bool Metrics, bool Logs, bool ServiceNamed)
{
    public Uri? TracesEndpoint { get; init; }

    public Uri? MetricsEndpoint { get; init; }

    public Uri? LogsEndpoint { get; init; }

    public bool None => !Traces && !Metrics && !Logs;

    public static TelemetrySignals From(IConfiguration configuration)
    {
        if (string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase))
        {
            return new TelemetrySignals(false, false, false, false);
        }

        bool all = IsSet(configuration, "OTEL_EXPORTER_OTLP_ENDPOINT");
        var traces = Endpoint(configuration, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
        var metrics = Endpoint(configuration, "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT");
        var logs = Endpoint(configuration, "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT");
        return new TelemetrySignals(
            all || traces is not null,
            all || metrics is not null,
            all || logs is not null,
            IsSet(configuration, "OTEL_SERVICE_NAME")
                || (configuration["OTEL_RESOURCE_ATTRIBUTES"] ?? "").Contains("service.name=", StringComparison.Ordinal))
        {
            TracesEndpoint = traces,
            MetricsEndpoint = metrics,
            LogsEndpoint = logs,
        };
    }

    /// <summary>
    /// A signal's own endpoint wins over OTEL_EXPORTER_OTLP_ENDPOINT and is used as given (the full URL, path included).
    /// The exporter added per signal reads only the common variable, so the signal's is applied here.
    /// </summary>
    public static void Apply(OpenTelemetry.Exporter.OtlpExporterOptions options, Uri? endpoint)
    {
        if (endpoint is not null)
        {
            options.Endpoint = endpoint;
        }
    }

    private static bool IsSet(IConfiguration configuration, string key) => !string.IsNullOrWhiteSpace(configuration[key]);

    private static Uri? Endpoint(IConfiguration configuration, string key) =>
        IsSet(configuration, key)
            ? Uri.TryCreate(configuration[key], UriKind.Absolute, out var uri) ? uri : throw new InvalidOperationException($"{key} is not an absolute URL")
            : null;
}
