using SessionBridge.Bench;

// bench/run.sh builds Release and runs this: it starts redis-server, a Redis Cluster, SessionBridge (embedded, on Redis
// and on the cluster) and the stock baseline (memory and Redis), measures every case round-robin with wrk, and writes
// docs/benchmarks.md and its chart.
var settings = Settings.Parse(args);
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(settings.Scale || settings.Telemetry ? 14.5 : 9.5));
try
{
    await using var run = await BenchmarkRun.StartAsync(settings);
    return await run.ExecuteAsync(cancel.Token);
}
catch (OperationCanceledException)
{
    await Console.Error.WriteLineAsync("benchmark stopped: it ran past its time limit");
    return 2;
}
