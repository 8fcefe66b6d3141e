using System.Globalization;

namespace SessionBridge.Bench;

/// <summary>
/// One benchmark run: the servers it started, the cases it measures round-robin, and what it writes. Every server
/// listens on a free loopback port and is stopped when the run ends, however it ends.
/// </summary>
internal sealed class BenchmarkRun : IAsyncDisposable
{
    private readonly Settings _settings;
    private readonly string _logDirectory;
    private readonly List<ServerProcess> _servers = [];
    private RedisStats _redis = null!;
    private App _bridgeMemory = null!;
    private App _bridgeRedis = null!;
    private App _stockMemory = null!;
    private App _stockRedis = null!;
    private App _bridgeCluster = null!;
    private readonly List<(TelemetryCases.Variant Variant, App App)> _telemetryApps = [];
    private OtlpSink? _otlp;

    private BenchmarkRun(Settings settings)
    {
        _settings = settings;
        _logDirectory = Directory.CreateTempSubdirectory("sessionbridge-bench-").FullName;
    }

    public static async Task<BenchmarkRun> StartAsync(Settings settings)
    {
        var run = new BenchmarkRun(settings);
        try
        {
            await run.StartServersAsync();
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        var cases = await Cases.PrepareAsync(_bridgeMemory, _bridgeRedis, _stockMemory, _stockRedis);
        cases = [.. cases, .. await ClusterCases.PrepareAsync(_bridgeCluster, cases), .. await TelemetryCases.PrepareAsync(_telemetryApps, cases)];
        if (_settings.Only is { } only)
        {
            cases = [.. cases.Where(c => only.Contains(c.Id))];
        }
        else if (!_settings.Telemetry)
        {
            // Three more cases would take the whole run past its time limit: they run with --telemetry or --cases.
            cases = [.. cases.Where(c => TelemetryCases.Variants.All(v => v.Id != c.Id))];
        }

        var wrk = new Wrk(Path.Combine(_settings.RepositoryRoot, "bench", "wrk", "check.lua"), _settings.Connections);

        Log($"warm-up: {_settings.Warmup.TotalSeconds} s per case");
        foreach (var benchCase in cases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var warm = await wrk.RunAsync(benchCase, _settings.Warmup);
            if (warm.Bad + warm.SocketErrors > 0)
            {
                return Fail(benchCase, warm);
            }
        }

        var measurements = new List<Measurement>();
        for (int round = 1; round <= _settings.Rounds; round++)
        {
            // Each round starts one case later, so no case always follows the same neighbour.
            for (int i = 0; i < cases.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var benchCase = cases[(i + round - 1) % cases.Count];
                var (measurement, result) = await MeasureAsync(wrk, benchCase, round);
                if (result.Bad + result.SocketErrors > 0)
                {
                    return Fail(benchCase, result);
                }

                measurements.Add(measurement);
                Log($"round {round} {benchCase.Id,-22} {measurement.RequestsPerSecond,9:F0} req/s  p50 {measurement.P50Milliseconds,6:F2} ms  p99 {measurement.P99Milliseconds,6:F2} ms  "
                    + $"{measurement.CpuMicrosecondsPerRequest,6:F1} µs CPU  {measurement.BytesPerAnswer,6:F0} B");
            }
        }

        if (_otlp is not null && _telemetryApps.Count > 0)
        {
            Log($"telemetry: {_otlp.Exports} OTLP exports, {_otlp.Bytes / 1024.0 / 1024.0:F1} MB received from the telemetry-on nodes");
        }

        if (_settings.Only is not null)
        {
            // A quick look at a few cases while working on them: no report, no extras.
            return 0;
        }

        var redisCommands = await CountRedisCommandsAsync(cases);
        var extras = await Extras.MeasureAsync(cases.Single(c => c.Id == "bridge-redis-save"), _redis, _settings, Log, cancellationToken);
        var report = new Report(_settings, cases, measurements, redisCommands, extras);
        Console.WriteLine(report.Summary());
        if (_settings.WriteDocs)
        {
            string docs = Path.Combine(_settings.RepositoryRoot, "docs");
            Directory.CreateDirectory(docs);
            await File.WriteAllTextAsync(Path.Combine(docs, "benchmarks.md"), report.Markdown(), cancellationToken);
            Chart.Save(report, Path.Combine(docs, "benchmarks.png"));
            Log("wrote docs/benchmarks.md and docs/benchmarks.png");
        }

        return 0;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var server in Enumerable.Reverse(_servers))
        {
            server.Dispose();
        }

        _otlp?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<(Measurement, WrkResult)> MeasureAsync(Wrk wrk, BenchCase benchCase, int round)
    {
        var app = benchCase.App;
        var cpuBefore = app.Process.CpuTime();
        var started = DateTime.UtcNow;
        var result = await wrk.RunAsync(benchCase, _settings.Round);
        double seconds = (DateTime.UtcNow - started).TotalSeconds;
        var cpu = app.Process.CpuTime() - cpuBefore;
        app.Process.ThrowIfExited();

        double requests = Math.Max(result.Requests, 1);
        return (new Measurement(
            benchCase.Id,
            round,
            result.Requests / Math.Min(seconds, _settings.Round.TotalSeconds),
            result.P50Microseconds / 1000,
            result.P99Microseconds / 1000,
            cpu.TotalMicroseconds / requests,
            result.Bytes / requests), result);
    }

    /// <summary>Redis commands each Redis case sends per request, over sequential requests watched with MONITOR.</summary>
    private static async Task<Dictionary<string, IReadOnlyDictionary<string, double>>> CountRedisCommandsAsync(IReadOnlyList<BenchCase> cases)
    {
        const int Requests = 50;
        Log($"Redis commands per request: {Requests} requests of each Redis case under MONITOR");
        using var client = new CaseClient();
        var counts = new Dictionary<string, IReadOnlyDictionary<string, double>>(StringComparer.Ordinal);
        foreach (var benchCase in cases.Where(c => c.App.Redis.Count > 0))
        {
            // One request first, unwatched: a session whose sliding-expiry refresh is due (at most once a minute)
            // sends one more EVALSHA with it, which is not what every request costs.
            await client.SendAsync(benchCase);
            counts[benchCase.Id] = await RedisMonitor.CountAsync(benchCase.App.Redis, Requests, async () =>
            {
                for (int i = 0; i < Requests; i++)
                {
                    await client.SendAsync(benchCase);
                }
            });
        }

        return counts;
    }

    private static int Fail(BenchCase benchCase, WrkResult result)
    {
        Console.Error.WriteLine($"FAILED {benchCase.Id}: {result.Bad} of {result.Requests} answers had a wrong status or body, {result.SocketErrors} socket errors or non-2xx/3xx.");
        Console.Error.WriteLine($"expected {benchCase.Status} with \"{benchCase.Expect}\"; first wrong answer: {result.FirstBad ?? "(none: socket errors only)"}");
        Console.Error.WriteLine("No report written: a benchmark of error pages is worthless.");
        return 1;
    }

    private async Task StartServersAsync()
    {
        Log($"logs in {_logDirectory}");
        int redisPort = FreePort.Next();
        _servers.Add(ServerProcess.Start(
            "redis",
            "redis-server",
            ["--port", Invariant(redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _logDirectory],
            new Dictionary<string, string>(),
            _logDirectory,
            _logDirectory));
        _redis = new RedisStats(redisPort);
        await WaitUntilAsync(() => Task.FromResult(_redis.Cli("PING").Trim() == "PONG"), "redis-server");
        string redis = $"127.0.0.1:{redisPort}";
        Log("forming a Redis Cluster of 3 primaries + 3 replicas");
        var cluster = await RedisCluster.StartAsync(_servers, _logDirectory, WaitUntilAsync);

        string web = Path.Combine(_settings.RepositoryRoot, "SessionBridge.Web");
        string baseline = Path.Combine(_settings.RepositoryRoot, "bench", "Baseline");
        _bridgeMemory = StartApp("sessionbridge-memory", web, "SessionBridge.Web.dll", null);
        _bridgeRedis = StartApp("sessionbridge-redis", web, "SessionBridge.Web.dll", redis);
        _stockMemory = StartApp("stock-memory", baseline, "Baseline.dll", null);
        _stockRedis = StartApp("stock-redis", baseline, "Baseline.dll", redis);
        _bridgeCluster = StartApp("sessionbridge-cluster", web, "SessionBridge.Web.dll", cluster.ConnectionString, cluster.Nodes);
        // Idle telemetry nodes still export every second: started only when measured.
        _otlp = new OtlpSink();
        foreach (var variant in TelemetryCases.Variants.Where(v => _settings.Telemetry || _settings.Only?.Contains(v.Id) == true))
        {
            string name = variant.Id.Replace("bridge-redis-save", "sessionbridge-redis", StringComparison.Ordinal);
            _telemetryApps.Add((variant, StartApp(name, web, "SessionBridge.Web.dll", redis, telemetry: TelemetryCases.Environment(variant, _otlp))));
        }

        var probes = new[] { (_bridgeMemory, "/healthz"), (_bridgeRedis, "/healthz"), (_stockMemory, "/bare"), (_stockRedis, "/bare"), (_bridgeCluster, "/healthz") }
            .Concat(_telemetryApps.Select(t => (t.App, "/healthz")));
        foreach (var (app, probe) in probes)
        {
            using var client = new HttpClient { BaseAddress = app.BaseUrl };
            await WaitUntilAsync(
                async () =>
                {
                    app.Process.ThrowIfExited();
                    try
                    {
                        return (await client.GetAsync(new Uri(probe, UriKind.Relative))).IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                app.Name);
        }
    }

    private App StartApp(string name, string projectDirectory, string dll, string? redis, IReadOnlyList<RedisStats>? redisNodes = null, IReadOnlyDictionary<string, string>? telemetry = null)
    {
        int port = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["ConnectionStrings__Redis"] = redis ?? string.Empty,

            // One benchmark client makes a thousand sessions and a hundred logins from one address.
            ["SessionBridge__NewSessionsPerClient__PermitLimit"] = "1000000",
            ["LoginRateLimit__PerEmail"] = "10000",
            ["LoginRateLimit__PerIp"] = "100000",

            // Production has no demo accounts: the signed-in memory figure logs in as this one (password "Wonderland!2026").
            ["Users__Accounts__0__Id"] = "alice",
            ["Users__Accounts__0__Email"] = "alice@example.com",
            ["Users__Accounts__0__DisplayName"] = "Alice",
            ["Users__Accounts__0__PasswordHash"] = "AQAAAAIAAYagAAAAELJ3ZL15sEUZV3Y2KcqjT1vvIVaG1BbgDh8EZnL2nkhqHD2cn4wvCsH+P4xPKHm67w==",
        };
        foreach (var (key, value) in telemetry ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var process = ServerProcess.Start(
            name, "dotnet", [Path.Combine(projectDirectory, "bin", "Release", "net10.0", dll)], environment, projectDirectory, _logDirectory);
        _servers.Add(process);
        return new App(name, new Uri($"http://127.0.0.1:{port}/"), process, redisNodes ?? (redis is null ? [] : [_redis]));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> ready, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await ready())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{what} did not come up within 90 s");
            }

            await Task.Delay(200);
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static void Log(string message) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {message}");
}
