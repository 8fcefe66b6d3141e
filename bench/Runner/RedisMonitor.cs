using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SessionBridge.Bench;

/// <summary>
/// Counts the commands clients send to Redis while some work runs, with MONITOR (too slow to leave on under load, so
/// it watches a few sequential requests instead). INFO commandstats cannot tell these apart: it also counts the
/// commands a script runs, and a script is one round trip. Connection upkeep (PING, ECHO, INFO, CLIENT, CONFIG,
/// CLUSTER) is not counted: StackExchange.Redis sends it on its own timer, not for a request.
/// </summary>
internal static partial class RedisMonitor
{
    private static readonly HashSet<string> Upkeep = new(StringComparer.Ordinal) { "PING", "ECHO", "INFO", "CLIENT", "CONFIG", "CLUSTER" };

    /// <summary>Commands sent per unit of work (the work's count given by <paramref name="units"/>), by name.</summary>
    public static async Task<Dictionary<string, double>> CountAsync(RedisStats redis, int units, Func<Task> work)
    {
        string marker = "bench-monitor-" + Guid.NewGuid().ToString("N");
        var lines = new List<string>();
        var started = new TaskCompletionSource();
        var ended = new TaskCompletionSource();
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "-p", redis.Port.ToString(CultureInfo.InvariantCulture), "MONITOR" })
        {
            start.ArgumentList.Add(argument);
        }

        using var monitor = Process.Start(start)!;
        monitor.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            if (e.Data == "OK")
            {
                started.TrySetResult();
            }
            else if (e.Data.Contains(marker, StringComparison.Ordinal))
            {
                ended.TrySetResult();
            }
            else
            {
                lock (lines)
                {
                    lines.Add(e.Data);
                }
            }
        };
        monitor.BeginOutputReadLine();
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await work();
        redis.Cli("ECHO", marker);
        await ended.Task.WaitAsync(TimeSpan.FromSeconds(10));
        monitor.Kill();
        await monitor.WaitForExitAsync();

        // 1764400000.123456 [0 127.0.0.1:50312] "HGETALL" "sb:{…}"   (a command a script runs shows [0 lua])
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            var match = MonitorLine().Match(line);
            if (match.Success && match.Groups[1].Value != "lua" && !Upkeep.Contains(match.Groups[2].Value.ToUpperInvariant()))
            {
                string name = match.Groups[2].Value.ToUpperInvariant();
                counts[name] = counts.GetValueOrDefault(name) + (1.0 / units);
            }
        }

        return counts;
    }

    [GeneratedRegex("^[0-9.]+ \\[[0-9]+ ([^\\]]+)\\] \"([^\"]+)\"")]
    private static partial Regex MonitorLine();
}
