using System.Collections.Concurrent;
using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SessionBridge.Tests.Telemetry;

/// <summary>
/// A tiny OTLP/HTTP collector on a free loopback port: keeps the bodies posted to /v1/traces, /v1/metrics and
/// /v1/logs and answers each with an empty (valid) protobuf response. In protobuf, names, attribute keys and string
/// values travel as plain UTF-8, so a test can search the bytes without decoding them.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    public const string Traces = "/v1/traces";
    public const string Metrics = "/v1/metrics";
    public const string Logs = "/v1/logs";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<byte[]>> _bodies = new(StringComparer.Ordinal);

    private OtlpReceiver(WebApplication app) => _app = app;

    /// <summary>Where it listens, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash).</summary>
    public string Endpoint { get; private set; } = "";

    /// <param name="grpc">
    /// Speak OTLP/gRPC instead (HTTP/2 without TLS, the collector services' Export methods); bodies are kept under the
    /// same paths, each with its 5-byte gRPC frame header.
    /// </param>
    public static async Task<OtlpReceiver> StartAsync(bool grpc = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
            listen.Protocols = grpc ? Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2 : Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1AndHttp2));
        var receiver = new OtlpReceiver(builder.Build());
        receiver._app.MapPost("/v1/{signal}", receiver.ReceiveAsync);
        foreach (var (service, signal) in new[] { ("trace.v1.TraceService", "traces"), ("metrics.v1.MetricsService", "metrics"), ("logs.v1.LogsService", "logs") })
        {
            receiver._app.MapPost($"/opentelemetry.proto.collector.{service}/Export", context => receiver.ReceiveGrpcAsync(context, signal));
        }

        await receiver._app.StartAsync();
        receiver.Endpoint = receiver._app.Services.GetRequiredService<IServer>().Features
            .GetRequiredFeature<IServerAddressesFeature>().Addresses.Single().TrimEnd('/');
        return receiver;
    }

    /// <summary>How many bodies arrived, on every path.</summary>
    public int Count => _bodies.Values.Sum(bodies => bodies.Count);

    /// <summary>Every body posted to <paramref name="path"/> so far, one after another.</summary>
    public byte[] Received(string path) =>
        _bodies.TryGetValue(path, out var bodies) ? bodies.SelectMany(body => body).ToArray() : [];

    /// <summary>Every body on every path.</summary>
    public byte[] All() => _bodies.Values.SelectMany(bodies => bodies).SelectMany(body => body).ToArray();

    public bool Contains(string path, string text) => Received(path).AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    /// <summary>Waits until every text is in what <paramref name="path"/> received; returns the ones still missing.</summary>
    public async Task<IReadOnlyList<string>> WaitForAsync(string path, IEnumerable<string> texts, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var missing = texts.Where(text => !Contains(path, text)).ToList();
            if (missing.Count == 0 || DateTime.UtcNow > deadline)
            {
                return missing;
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task ReceiveGrpcAsync(HttpContext context, string signal)
    {
        await ReceiveAsync(context, signal);
        context.Response.ContentType = "application/grpc";
        context.Response.AppendTrailer("grpc-status", "0");
        await context.Response.Body.WriteAsync(new byte[5]); // an empty response message: not compressed, length 0
    }

    private async Task<IResult> ReceiveAsync(HttpContext context, string signal)
    {
        Stream body = context.Request.Headers.ContentEncoding == "gzip"
            ? new GZipStream(context.Request.Body, CompressionMode.Decompress)
            : context.Request.Body;
        using var copy = new MemoryStream();
        await body.CopyToAsync(copy, context.RequestAborted);
        _bodies.GetOrAdd("/v1/" + signal, _ => new ConcurrentQueue<byte[]>()).Enqueue(copy.ToArray());
        return Results.Bytes([], "application/x-protobuf");
    }
}
