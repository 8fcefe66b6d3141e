using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SessionBridge.Tests.Bridge.Redis;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Telemetry;

/// <summary>Without an OTLP endpoint in the standard variables, nothing of the OpenTelemetry SDK runs.</summary>
public sealed class TelemetryOffTests
{
    [Theory]
    [InlineData(null, null, false)]
    [InlineData("http://127.0.0.1:4318", null, true)]
    [InlineData(null, "http://127.0.0.1:4318/v1/traces", true)]
    [InlineData("http://127.0.0.1:4318", "true", false)]
    public void The_SDK_is_registered_only_when_an_endpoint_is_set(string? endpoint, string? tracesEndpointOrDisabled, bool expected)
    {
        using var app = new SessionBridgeApp().WithSetting("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint ?? "");
        if (tracesEndpointOrDisabled == "true")
        {
            app.WithSetting("OTEL_SDK_DISABLED", "true");
        }
        else
        {
            app.WithSetting("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", tracesEndpointOrDisabled ?? "");
        }

        var services = app.Services;

        Assert.Equal(expected, services.GetService<TracerProvider>() is not null);
        Assert.Equal(expected && endpoint is not null, services.GetService<MeterProvider>() is not null);
        Assert.Equal(expected && endpoint is not null, services.GetService<LoggerProvider>() is not null);
    }

    [SkippableFact]
    public async Task A_node_without_an_endpoint_sends_the_collector_nothing()
    {
        await using var redis = await RedisServer.StartNewAsync();
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Redis"] = redis.ConnectionString,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = "sessionbridge-test",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "100",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });
        var jar = new CookieContainer();
        using var browser = new HtmxBrowser(new HttpClient(new CookieContainerHandler(jar) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = app.BaseAddress }, jar);

        var account = await SessionBridgeApp.SignInAsync(browser);
        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.Equal("/account", account.Url.AbsolutePath);
        Assert.Equal(0, receiver.Count);
    }
}
