using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SessionBridge.Telemetry;

namespace SessionBridge.Web.Hosting.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>
    /// OpenTelemetry over OTLP, switched on by the standard variables only (README, "Telemetry"): each signal whose
    /// endpoint is set (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, or <c>OTEL_EXPORTER_OTLP_{TRACES,METRICS,LOGS}_ENDPOINT</c>)
    /// is collected and exported; the exporter reads the protocol, headers, intervals and service name from the same
    /// variables. With none set, nothing of the SDK is registered: no listener on the SessionBridge source, so its
    /// spans are never even created, and a request costs what it cost before.
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var signals = TelemetrySignals.From(builder.Configuration);
        if (signals.None)
        {
            return builder;
        }

        bool redis = !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Redis"));
        var otel = builder.Services.AddOpenTelemetry().ConfigureResource(resource =>
        {
            // OTEL_SERVICE_NAME (or service.name in OTEL_RESOURCE_ATTRIBUTES) names the service when set.
            if (!signals.ServiceNamed)
            {
                resource.AddService(TelemetryNames.Service);
            }
        });

        if (signals.Traces)
        {
            otel.WithTracing(tracing =>
            {
                tracing.AddSource(SessionBridgeTelemetry.Name).AddAspNetCoreInstrumentation(TelemetryPrivacy.ForRequests);
                if (redis)
                {
                    // The app's one multiplexer, from the container. Statements stay the command name only (the
                    // instrumentation's default, made explicit): the verbose form carries the key, and every key
                    // holds a session id (sb:{<id>}), which must never leave the process.
                    tracing.AddRedisInstrumentation(options => options.SetVerboseDatabaseStatements = false);
                }

                tracing.AddOtlpExporter(options => TelemetrySignals.Apply(options, signals.TracesEndpoint));
            });

            // With traces exported, each console line names its trace (registered after the configuration's console
            // options, so it wins over a configured formatter name).
            builder.Logging.AddConsoleFormatter<TraceConsoleFormatter, ConsoleFormatterOptions>();
            builder.Services.Configure<ConsoleLoggerOptions>(console => console.FormatterName = TraceConsoleFormatter.FormatterName);
        }

        if (signals.Metrics)
        {
            otel.WithMetrics(metrics => metrics
                .AddMeter(SessionBridgeTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter(options => TelemetrySignals.Apply(options, signals.MetricsEndpoint)));
        }

        if (signals.Logs)
        {
            // The console keeps its lines; OTLP log records carry the trace and span id of the request that wrote them,
            // so a log line leads to its trace. Scopes stay out: they add the request path and connection id to every
            // record and nothing the trace does not already say.
            otel.WithLogging(logging => logging.AddOtlpExporter(options => TelemetrySignals.Apply(options, signals.LogsEndpoint)), options => options.IncludeFormattedMessage = true);
        }

        return builder;
    }
}
