namespace SessionBridge.Bench;

/// <summary>
/// The SessionBridge Redis save again, on nodes with telemetry on, exporting over OTLP/HTTP to a local
/// <see cref="OtlpSink"/> with the standard variables (the exporters' default batching, a 1 s metric interval): every
/// signal with every request traced (the SDK's default sampler); every signal with 1 trace in 10 kept; metrics only.
/// Each is compared in the same round with the same save on the node with telemetry off: the cost of telemetry on a save.
/// </summary>
internal static class TelemetryCases
{
    public static readonly IReadOnlyList<Variant> Variants =
    [
        new("bridge-redis-save-otel", "SessionBridge Redis: save, telemetry exported (all traced)", new Dictionary<string, string>()),
        new("bridge-redis-save-otel-sampled", "SessionBridge Redis: save, telemetry exported (10% traced)", new Dictionary<string, string>
        {
            ["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio",
            ["OTEL_TRACES_SAMPLER_ARG"] = "0.1",
        }),
        new("bridge-redis-save-otel-metrics", "SessionBridge Redis: save, metrics exported", new Dictionary<string, string>()),
    ];

    /// <summary>What a telemetry-on node is started with, beside the usual settings.</summary>
    public static Dictionary<string, string> Environment(Variant variant, OtlpSink sink)
    {
        var environment = new Dictionary<string, string>(variant.Environment)
        {
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "sessionbridge-bench",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
        };
        if (variant.Id.EndsWith("-metrics", StringComparison.Ordinal))
        {
            environment["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = $"http://127.0.0.1:{sink.Port}/v1/metrics";
        }
        else
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{sink.Port}";
        }

        return environment;
    }

    public static async Task<IReadOnlyList<BenchCase>> PrepareAsync(IReadOnlyList<(Variant Variant, App App)> apps, IReadOnlyList<BenchCase> cases)
    {
        var save = cases.Single(c => c.Id == "bridge-redis-save");
        if (!save.Headers[0].StartsWith("Cookie: ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{save.Id}: its first header is not the session cookie");
        }

        var prepared = new List<BenchCase>();
        foreach (var (variant, app) in apps)
        {
            var (cookie, form) = await Cases.BridgeSessionAsync(app);
            prepared.Add(save with
            {
                Id = variant.Id,
                Label = variant.Label,
                App = app,
                Headers = [cookie, .. save.Headers.Skip(1)],
                Body = form,
                ComparedWith = save.Id,
            });
        }

        return prepared;
    }

    internal sealed record Variant(string Id, string Label, IReadOnlyDictionary<string, string> Environment);
}
