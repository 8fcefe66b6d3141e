using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>
/// A real Redis Cluster of 3 primaries and 3 replicas: six redis-server processes (Debian's, the same binary as
/// <see cref="RedisServer"/>) on free loopback ports, joined with <c>redis-cli --cluster create … --cluster-replicas 1</c>,
/// each with its own temp directory and no persistence. A cluster node also listens on its port + 10000 (the cluster
/// bus), so both must be free. Use it as an xunit class fixture; tests that fail a primary over get one of their own.
/// A node times out after 1 s (<c>cluster-node-timeout</c>; production default 15 s) so a failover takes seconds.
/// When redis-server is missing, the fixture still constructs and <see cref="ConnectionString"/> skips the test
/// (fails it under CI=true): see <see cref="RequiredTool"/>.
/// </summary>
public sealed class RedisCluster : IAsyncLifetime, IAsyncDisposable
{
    public const int NodeTimeoutMilliseconds = 1000;

    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly ConcurrentDictionary<int, byte> s_portsHandedOut = new();
    private static readonly ConcurrentDictionary<Process, byte> s_running = new();

    private readonly List<RedisClusterNode> _nodes = [];
    private string? _server;

    static RedisCluster()
    {
        // Don't leave orphaned redis-server processes behind when the test host exits normally.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in s_running.Keys)
            {
                Kill(process);
            }
        };
    }

    /// <summary>The six nodes, as started (which of them is a primary changes with a failover: ask <see cref="RoleAsync"/>).</summary>
    public IReadOnlyList<RedisClusterNode> Nodes
    {
        get
        {
            EnsureAvailable();
            return _nodes;
        }
    }

    /// <summary>True once the six nodes formed the cluster (false when redis-server is missing).</summary>
    public bool IsRunning => _nodes.Count == 6;

    /// <summary>Every node's endpoint, the way an app is configured for a cluster: several endpoints, abortConnect=false.</summary>
    public string ConnectionString
    {
        get
        {
            EnsureAvailable();
            return string.Join(',', _nodes.Select(n => n.EndPoint)) + ",abortConnect=false";
        }
    }

    public async Task InitializeAsync()
    {
        _server = RequiredTool.FindRedisServer();
        if (_server is null)
        {
            return;
        }

        var stopwatch = Stopwatch.StartNew();
        for (int i = 0; i < 6; i++)
        {
            _nodes.Add(await StartNodeAsync());
        }

        string created = await CliAsync(["--cluster", "create", .. _nodes.Select(n => n.EndPoint), "--cluster-replicas", "1", "--cluster-yes"]);
        if (!created.Contains("All 16384 slots covered", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("redis-cli --cluster create did not cover every slot:\n" + created);
        }

        foreach (var node in _nodes)
        {
            await WaitUntilAsync(async () => (await CliAsync(["-p", node.PortText, "CLUSTER", "INFO"])).Contains("cluster_state:ok", StringComparison.Ordinal), $"node {node.Port} to see the cluster ok");
        }

        foreach (var node in _nodes)
        {
            await WaitUntilAsync(
                async () => await RoleAsync(node) == "master" || (await CliAsync(["-p", node.PortText, "INFO", "replication"])).Contains("master_link_status:up", StringComparison.Ordinal),
                $"replica {node.Port} to be in sync");
        }

        FormedIn = stopwatch.Elapsed;
    }

    /// <summary>How long starting the six processes and forming the cluster took.</summary>
    public TimeSpan FormedIn { get; private set; }

    /// <summary>Use from a test: skips (fails under CI) when redis-server is not installed.</summary>
    public void EnsureAvailable() => _server ??= RequiredTool.Redis();

    /// <summary>A new admin connection to the cluster. The caller disposes it.</summary>
    public async Task<IConnectionMultiplexer> ConnectAsync()
    {
        var options = ConfigurationOptions.Parse(ConnectionString);
        options.AllowAdmin = true;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>"master" or "slave" (the first word of ROLE), or null when the node does not answer.</summary>
    public async Task<string?> RoleAsync(RedisClusterNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        try
        {
            string role = await CliAsync(["-p", node.PortText, "ROLE"]);
            return role.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault() is { Length: > 0 } first ? first : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The node that currently serves <paramref name="key"/>'s slot as primary (CLUSTER SHARDS is 7.0+; NODES is enough).</summary>
    public async Task<RedisClusterNode> PrimaryOfAsync(RedisKey key)
    {
        string slotText = await CliAsync(["-p", _nodes[0].PortText, "CLUSTER", "KEYSLOT", key.ToString()]);
        int slot = int.Parse(slotText.Trim(), CultureInfo.InvariantCulture);
        foreach (var node in _nodes)
        {
            if (await RoleAsync(node) != "master")
            {
                continue;
            }

            string nodes = await CliAsync(["-p", node.PortText, "CLUSTER", "NODES"]);
            string? myself = nodes.Split('\n').FirstOrDefault(line => line.Contains("myself", StringComparison.Ordinal));
            if (myself is not null && OwnsSlot(myself, slot))
            {
                return node;
            }
        }

        throw new InvalidOperationException($"no primary serves slot {slot}");
    }

    /// <summary>The replica of <paramref name="primary"/>.</summary>
    public async Task<RedisClusterNode> ReplicaOfAsync(RedisClusterNode primary)
    {
        ArgumentNullException.ThrowIfNull(primary);
        string info = await CliAsync(["-p", primary.PortText, "INFO", "replication"]);
        foreach (var node in _nodes)
        {
            if (info.Contains("port=" + node.PortText + ",", StringComparison.Ordinal))
            {
                return node;
            }
        }

        throw new InvalidOperationException($"primary {primary.Port} has no replica:\n{info}");
    }

    /// <summary>Runs redis-cli with the arguments and returns its output; throws when it fails.</summary>
    public async Task<string> CliAsync(IEnumerable<string> arguments)
    {
        EnsureAvailable();
        var startInfo = new ProcessStartInfo(Path.Combine(Path.GetDirectoryName(_server)!, "redis-cli"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        using var cancellation = new CancellationTokenSource(s_timeout);
        var output = process.StandardOutput.ReadToEndAsync(cancellation.Token);
        var error = process.StandardError.ReadToEndAsync(cancellation.Token);
        await process.WaitForExitAsync(cancellation.Token);
        string text = await output + await error;
        if (process.ExitCode != 0 || text.StartsWith("Could not connect", StringComparison.Ordinal) || text.StartsWith("ERR", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"redis-cli {string.Join(' ', startInfo.ArgumentList)} failed ({process.ExitCode}): {text}");
        }

        return text;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            node.Kill();
            await node.Process.WaitForExitAsync();
            s_running.TryRemove(node.Process, out _);
            node.Process.Dispose();
            Directory.Delete(node.Directory, recursive: true);
        }

        _nodes.Clear();
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    internal static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    /// <summary>
    /// Starts a killed node again on its port and with its cluster config, as an orchestrator would: it rejoins the
    /// cluster (as a replica of whichever node took over its slots).
    /// </summary>
    public async Task RestartAsync(RedisClusterNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        await node.Process.WaitForExitAsync();
        s_running.TryRemove(node.Process, out _);
        node.Process.Dispose();
        node.Process = Launch(node.Port, node.Directory);
        await WaitUntilAsync(async () => (await CliAsync(["-p", node.PortText, "PING"])).StartsWith("PONG", StringComparison.Ordinal), $"node {node.Port} to answer PING again");
    }

    private async Task<RedisClusterNode> StartNodeAsync()
    {
        string directory = Directory.CreateTempSubdirectory("sessionbridge-cluster-").FullName;
        for (int attempt = 1; ; attempt++)
        {
            int port = FreePortWithBus();
            var process = Launch(port, directory);
            var node = new RedisClusterNode(port, process, directory);
            await WaitUntilAsync(async () => process.HasExited || (await CliAsync(["-p", node.PortText, "PING"])).StartsWith("PONG", StringComparison.Ordinal), $"node {port} to answer PING");
            if (!process.HasExited)
            {
                return node;
            }

            // Most likely a parallel test took the port (or its bus port) meanwhile: try another.
            s_running.TryRemove(process, out _);
            process.Dispose();
            if (attempt >= 3)
            {
                throw new InvalidOperationException($"redis-server would not start in cluster mode on port {port}");
            }
        }
    }

    private Process Launch(int port, string directory)
    {
        var startInfo = new ProcessStartInfo(_server!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (string argument in new[]
        {
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--daemonize", "no",
            "--dir", directory, "--save", "", "--appendonly", "no", "--logfile", "", "--loglevel", "warning",
            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
            "--cluster-node-timeout", NodeTimeoutMilliseconds.ToString(CultureInfo.InvariantCulture),
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        s_running[process] = 0;
        return process;
    }

    private static bool OwnsSlot(string nodesLine, int slot)
    {
        // <id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slot> <slot-range> ...
        foreach (string range in nodesLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(8))
        {
            string[] bounds = range.Split('-');
            if (int.TryParse(bounds[0], CultureInfo.InvariantCulture, out int low)
                && int.TryParse(bounds[^1], CultureInfo.InvariantCulture, out int high)
                && slot >= low && slot <= high)
            {
                return true;
            }
        }

        return false;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (InvalidOperationException) when (stopwatch.Elapsed < s_timeout)
            {
            }

            if (stopwatch.Elapsed > s_timeout)
            {
                throw new TimeoutException($"waited {s_timeout.TotalSeconds} s for {what}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>A free loopback port whose cluster bus port (port + 10000) is free too, never handed out twice.</summary>
    private static int FreePortWithBus()
    {
        int ephemeralLow = 32768;
        try
        {
            string range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range");
            ephemeralLow = int.Parse(range.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }

        // Below the ephemeral range where possible (a stopped node gets its port back), and the bus below 65536.
        int high = Math.Min(ephemeralLow, 65536 - 10000);
        for (int i = 0; i < 200; i++)
        {
            int port = Random.Shared.Next(10000, high);
            if (CanBind(port) && CanBind(port + 10000) && s_portsHandedOut.TryAdd(port, 0))
            {
                return port;
            }
        }

        throw new InvalidOperationException("no free loopback port with a free cluster bus port");
    }

    private static bool CanBind(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }
}
