using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SessionBridge.Bench;

namespace SessionBridge.Bench.Telemetry;

/// <summary>bench/telemetry.sh runs this: SessionBridge in this process on a real Kestrel and a redis-server of its own, a short
/// load (LoadStory), every SessionBridge measurement read with a MeterListener, docs/operations.png drawn.</summary>
internal static class OperationsPicture
{
    public static async Task Main(string[] args)
    {
        string repo = args.Length == 2 && args[0] == "--repo" ? args[1] : Directory.GetCurrentDirectory();
        int redisPort = FreePort.Next();
        using var redis = Process.Start(new ProcessStartInfo("redis-server", ["--port", redisPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("redis-server did not start");
        try
        {
            using var recorder = new InstrumentRecorder();
            int port = FreePort.Next();
            await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            {
                web.UseEnvironment("Development");
                web.UseSetting("ConnectionStrings:Redis", $"127.0.0.1:{redisPort}");
                web.UseSetting("Logging:LogLevel:Default", "Error");
                web.UseSetting("SessionBridge:NewSessionsPerClient:PermitLimit", "100");
                web.UseSetting("LoginRateLimit:PerIp", "1000");
                foreach (var (key, value) in LoadStory.Accounts())
                {
                    web.UseSetting(key, value);
                }
            });
            app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
            app.StartServer();

            var started = Stopwatch.StartNew();
            await LoadStory.RunAsync(new Uri($"http://127.0.0.1:{port}/"));
            Console.WriteLine($"load ran {started.Elapsed.TotalSeconds:F1} s");
            foreach (var (name, total) in recorder.Totals.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                Console.WriteLine($"{name,-80} {total,8}");
            }

            Console.WriteLine($"sessionbridge.live.streams (peak) {recorder.PeakStreams}");
            foreach (var (operation, seconds) in recorder.Durations.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                Console.WriteLine($"store {operation,-8} n={seconds.Count,5} p50 {OperationsChart.Percentile(seconds, 0.5) * 1000:F2} ms  p99 {OperationsChart.Percentile(seconds, 0.99) * 1000:F2} ms");
            }

            string path = Path.Combine(repo, "docs", "operations.png");
            OperationsChart.Save(recorder, path);
            Console.WriteLine("wrote " + path);
        }
        finally
        {
            redis.Kill();
        }
    }
}
