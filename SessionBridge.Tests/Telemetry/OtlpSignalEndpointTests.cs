using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using SessionBridge.Tests.Bridge.Redis;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Telemetry;

/// <summary>A signal's own endpoint variable exports that signal, to that URL, and nothing else.</summary>
public sealed class OtlpSignalEndpointTests
{
    [SkippableFact]
    public async Task A_node_given_only_a_metrics_endpoint_exports_metrics_there_and_no_traces()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = receiver.Endpoint + OtlpReceiver.Metrics,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "300",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        var jar = new CookieContainer();
        using var browser = new HtmxBrowser(new HttpClient(new CookieContainerHandler(jar) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = app.BaseAddress }, jar);

        var account = await SessionBridgeApp.SignInAsync(browser);
        var metrics = await receiver.WaitForAsync(OtlpReceiver.Metrics, ["sessionbridge.handoffs", "sessionbridge.sessions.created"], TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        Assert.Equal("/account", account.Url.AbsolutePath);
        Assert.True(metrics.Count == 0, "not exported: " + string.Join(", ", metrics));
        Assert.Empty(receiver.Received(OtlpReceiver.Traces));
        Assert.Empty(receiver.Received(OtlpReceiver.Logs));
    }
}
