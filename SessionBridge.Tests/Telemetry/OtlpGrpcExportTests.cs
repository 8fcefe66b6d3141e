using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using SessionBridge.Tests.Bridge.Redis;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Telemetry;

/// <summary>OTEL_EXPORTER_OTLP_PROTOCOL=grpc: the same export, to a collector's gRPC port.</summary>
public sealed class OtlpGrpcExportTests
{
    [SkippableFact]
    public async Task A_node_told_grpc_exports_its_spans_and_instruments_over_grpc()
    {
        await using var receiver = await OtlpReceiver.StartAsync(grpc: true);
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "grpc",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "300",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        var jar = new CookieContainer();
        using var browser = new HtmxBrowser(new HttpClient(new CookieContainerHandler(jar) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = app.BaseAddress }, jar);

        var account = await SessionBridgeApp.SignInAsync(browser);
        var traces = await receiver.WaitForAsync(OtlpReceiver.Traces, ["sessionbridge.handoff.land", "POST login"], TimeSpan.FromSeconds(20));
        var metrics = await receiver.WaitForAsync(OtlpReceiver.Metrics, ["sessionbridge.handoffs", "sessionbridge.sessions.created"], TimeSpan.FromSeconds(20));

        Assert.Equal("/account", account.Url.AbsolutePath);
        Assert.True(traces.Count == 0, "not exported: " + string.Join(", ", traces));
        Assert.True(metrics.Count == 0, "not exported: " + string.Join(", ", metrics));
    }
}
