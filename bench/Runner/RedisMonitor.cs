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
    public static Task<Dictionary<string, double>> CountAsync(RedisStats redis, int units, Func<Task> work) =>
        CountAsync([redis], units, work);

    /// <summary>
    /// Commands clients sent to any of <paramref name="nodes"/> per unit of work, by name: a Redis Cluster's are summed
    /// over its nodes. A replica's MONITOR also shows what its primary replicates to it (the source is then that
    /// primary's own address); that is Redis's traffic, not the app's, and is not counted.
    /// </summary>
    public static async Task<Dictionary<string, double>> CountAsync(IReadOnlyList<RedisStats> nodes, int units, Func<Task> work)
    {
        var replicationSources = nodes.Select(n => "127.0.0.1:" + n.Port.ToString(CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);
        var watches = nodes.Select(n => new Watch(n)).ToList();
        try
        {
            await Task.WhenAll(watches.Select(w => w.Started.WaitAsync(TimeSpan.FromSeconds(10))));
            await work();
            foreach (var watch in watches)
            {
                watch.Node.Cli("ECHO", watch.Marker);
            }

            await Task.WhenAll(watches.Select(w => w.Ended.WaitAsync(TimeSpan.FromSeconds(10))));
        }
        finally
        {
            foreach (var watch in watches)
            {
                await watch.StopAsync();
            }
        }

        // 1764400000.123456 [0 127.0.0.1:50312] "HGETALL" "sb:{…}"   (a command a script runs shows [0 lua])
        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string line in watches.SelectMany(w => w.Lines))
        {
            var match = MonitorLine().Match(line);
            string source = match.Groups[1].Value;
            if (match.Success && source != "lua" && !replicationSources.Contains(source) && !Upkeep.Contains(match.Groups[2].Value.ToUpperInvariant()))
            {
                string name = match.Groups[2].Value.ToUpperInvariant();
                counts[name] = counts.GetValueOrDefault(name) + (1.0 / units);
            }
        }

        return counts;
    }

    [GeneratedRegex("^[0-9.]+ \\[[0-9]+ ([^\\]]+)\\] \"([^\"]+)\"")]
    private static partial Regex MonitorLine();

    /// <summary>A redis-cli MONITOR on one node, collecting lines until it echoes its marker.</summary>
    private sealed class Watch
    {
        private readonly Process _monitor;
        private readonly List<string> _lines = [];
        private readonly TaskCompletionSource _started = new();
        private readonly TaskCompletionSource _ended = new();

        public Watch(RedisStats node)
        {
            Node = node;
            var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in new[] { "-p", node.Port.ToString(CultureInfo.InvariantCulture), "MONITOR" })
            {
                start.ArgumentList.Add(argument);
            }

            _monitor = Process.Start(start)!;
            _monitor.OutputDataReceived += (_, e) => Receive(e.Data);
            _monitor.BeginOutputReadLine();
        }

        public RedisStats Node { get; }

        public string Marker { get; } = "bench-monitor-" + Guid.NewGuid().ToString("N");

        public Task Started => _started.Task;

        public Task Ended => _ended.Task;

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public async Task StopAsync()
        {
            _monitor.Kill();
            await _monitor.WaitForExitAsync();
            _monitor.Dispose();
        }

        private void Receive(string? line)
        {
            if (line is null)
            {
                return;
            }

            if (line == "OK")
            {
                _started.TrySetResult();
            }
            else if (line.Contains(Marker, StringComparison.Ordinal))
            {
                _ended.TrySetResult();
            }
            else
            {
                lock (_lines)
                {
                    _lines.Add(line);
                }
            }
        }
    }
}
