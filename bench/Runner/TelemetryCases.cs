namespace SessionBridge.Bench;

/// <summary>
/// The SessionBridge Redis save again, on a node with telemetry on: every signal exported over OTLP/HTTP to a local
/// <see cref="OtlpSink"/> (the standard variables set, the exporters' default batching and a 1 s metric interval). Compared
/// in the same round with the same save on the node with telemetry off, the cost of telemetry on a save.
/// </summary>
internal static class TelemetryCases
{
    /// <summary>What the telemetry-on node is started with, beside the usual settings.</summary>
    public static Dictionary<string, string> Environment(OtlpSink sink) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{sink.Port}",
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_SERVICE_NAME"] = "sessionbridge-bench",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
    };

    public static async Task<IReadOnlyList<BenchCase>> PrepareAsync(App bridgeRedisTelemetry, IReadOnlyList<BenchCase> cases)
    {
        var (cookie, form) = await Cases.BridgeSessionAsync(bridgeRedisTelemetry);
        var save = cases.Single(c => c.Id == "bridge-redis-save");
        if (!save.Headers[0].StartsWith("Cookie: ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{save.Id}: its first header is not the session cookie");
        }

        return
        [
            save with
            {
                Id = "bridge-redis-save-otel",
                Label = "SessionBridge Redis: save, telemetry exported",
                App = bridgeRedisTelemetry,
                Headers = [cookie, .. save.Headers.Skip(1)],
                Body = form,
                ComparedWith = save.Id,
            },
        ];
    }
}
