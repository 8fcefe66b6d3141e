using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StackExchange.Redis;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>
/// A real redis-server process on a free loopback port, with its own temp directory and no persistence.
/// Use it either as an xunit class/collection fixture (<see cref="IAsyncLifetime"/>; see <see cref="RedisCollectionDefinition"/>)
/// or per test: <c>await using var redis = await RedisServer.StartNewAsync();</c>.
/// <see cref="StopAsync"/> and <see cref="StartAsync"/> simulate an outage and a recovery on the same port.
/// When redis-server is not installed, the fixture still constructs, and the first use of
/// <see cref="Port"/>/<see cref="ConnectionString"/>/... skips the test (fails it under CI=true): see <see cref="RequiredTool"/>.
/// </summary>
public sealed class RedisServer : IAsyncLifetime, IAsyncDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private static readonly ConcurrentDictionary<RedisServer, byte> s_running = new();

    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly StringBuilder _output = new();
    private string? _executable;
    private string? _directory;
    private int _port;
    private Process? _process;
    private ConnectionMultiplexer? _admin;
    private bool _disposed;

    static RedisServer()
    {
        // Don't leave orphaned redis-server processes behind when the test host exits normally.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (RedisServer server in s_running.Keys)
            {
                server.Kill();
            }
        };
    }

    /// <summary>The loopback TCP port; stays the same across <see cref="StopAsync"/>/<see cref="StartAsync"/>.</summary>
    public int Port
    {
        get
        {
            EnsureAvailable();
            return _port;
        }
    }

    /// <summary>127.0.0.1:port.</summary>
    public IPEndPoint Endpoint => new(IPAddress.Loopback, Port);

    /// <summary>A StackExchange.Redis configuration string; abortConnect=false so clients survive outages.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port},abortConnect=false");

    /// <summary>True while the redis-server process runs (between start and stop).</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a new server (skips/fails the test if redis-server is missing). Dispose it when done.</summary>
    public static async Task<RedisServer> StartNewAsync()
    {
        var server = new RedisServer();
        try
        {
            server._executable = RequiredTool.Redis();
            await server.StartAsync().ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>xunit fixture start. A missing redis-server is reported when a test uses the server, not here,
    /// so that it becomes a skip (a fixture can't skip).</summary>
    public async Task InitializeAsync()
    {
        _executable = RequiredTool.FindRedisServer();
        if (_executable is not null)
        {
            await StartAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts redis-server (again, on the same port after <see cref="StopAsync"/>) and waits until it answers PING.</summary>
    public async Task StartAsync()
    {
        EnsureAvailable();
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (IsRunning)
            {
                return;
            }

            _directory ??= Directory.CreateTempSubdirectory("sessionbridge-redis-").FullName;
            if (_port != 0)
            {
                await StartProcessAsync().ConfigureAwait(false); // a restart: must be the same port
                return;
            }

            // First start: a free port; if a parallel test grabbed the same one meanwhile, try another.
            for (int attempt = 1; ; attempt++)
            {
                _port = FreeLoopbackPort();
                try
                {
                    await StartProcessAsync().ConfigureAwait(false);
                    return;
                }
                catch (InvalidOperationException) when (attempt < 3 && Output.Contains("Address already in use", StringComparison.Ordinal))
                {
                }
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Kills redis-server (an outage: nothing is saved) and waits until the port refuses connections.</summary>
    public async Task StopAsync()
    {
        EnsureAvailable();
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopCoreAsync().ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>A new admin connection (allowAdmin=true, abortConnect=false). The caller disposes it.</summary>
    public async Task<IConnectionMultiplexer> ConnectAsync()
    {
        var options = ConfigurationOptions.Parse(ConnectionString);
        options.AllowAdmin = true;
        options.ConnectTimeout = 5000;
        return await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
    }

    /// <summary>
    /// Total calls over INFO commandstats, leaving out INFO and CONFIG (what tools use to look).
    /// Asked over the fixture's own connection, which sends nothing else once connected, so measuring adds nothing.
    /// Note: a StackExchange.Redis connection's handshake (CLIENT, ECHO, CLUSTER, SUBSCRIBE, PING) counts too: take
    /// the baseline with <see cref="QuietCommandCountAsync"/> after clients have connected.
    /// </summary>
    public async Task<long> CommandCountAsync()
    {
        IReadOnlyDictionary<string, long> stats = await CommandStatsAsync().ConfigureAwait(false);
        return stats.Where(s => s.Key.Split('|')[0] is not ("info" or "config")).Sum(s => s.Value);
    }

    /// <summary>
    /// <see cref="CommandCountAsync"/> once the count has stopped moving (unchanged over <paramref name="quietFor"/>,
    /// default 200 ms; gives up after 5 s). Use it for a baseline right after clients connect: a StackExchange.Redis
    /// multiplexer finishes part of its handshake (its subscription connection's SUBSCRIBE/PING) after ConnectAsync returns.
    /// </summary>
    public async Task<long> QuietCommandCountAsync(TimeSpan? quietFor = null)
    {
        TimeSpan window = quietFor ?? TimeSpan.FromMilliseconds(200);
        var stopwatch = Stopwatch.StartNew();
        long count = await CommandCountAsync().ConfigureAwait(false);
        while (true)
        {
            await Task.Delay(window).ConfigureAwait(false);
            long next = await CommandCountAsync().ConfigureAwait(false);
            if (next == count || stopwatch.Elapsed > TimeSpan.FromSeconds(5))
            {
                return next;
            }

            count = next;
        }
    }

    /// <summary>Calls per command from INFO commandstats (e.g. "get" → 2, "client|setinfo" → 2).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CommandStatsAsync()
    {
        var info = await Server().InfoAsync("commandstats").ConfigureAwait(false);
        var stats = new SortedDictionary<string, long>(StringComparer.Ordinal);

        // cmdstat_get → calls=2,usec=5,usec_per_call=2.50,rejected_calls=0,failed_calls=0
        foreach (var (name, fields) in info.SelectMany(section => section).Where(s => s.Key.StartsWith("cmdstat_", StringComparison.Ordinal)))
        {
            if (fields.Split(',').FirstOrDefault(f => f.StartsWith("calls=", StringComparison.Ordinal)) is { } calls)
            {
                stats[name["cmdstat_".Length..]] = long.Parse(calls["calls=".Length..], CultureInfo.InvariantCulture);
            }
        }

        return stats;
    }

    /// <summary>FLUSHALL.</summary>
    public Task FlushAllAsync() => Server().FlushAllDatabasesAsync();

    /// <summary>The process's recent output, for diagnostics.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Sends one command (e.g. "TYPE", key) and returns the reply as text: a simple or bulk string, an
    /// integer, "" for nil. Throws on a Redis error reply or while the server is down.</summary>
    public async Task<string> SendAsync(params string[] command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var reply = await Server().ExecuteAsync(command[0], command[1..].Cast<object>().ToArray()).ConfigureAwait(false);
        return reply.IsNull ? "" : reply.ToString();
    }

    /// <summary>Stops the server and deletes its temp directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await _lock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_admin is not null)
            {
                await _admin.DisposeAsync().ConfigureAwait(false);
            }

            await StopCoreAsync().ConfigureAwait(false);
            if (_directory is not null && Directory.Exists(_directory))
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    Task IAsyncLifetime.DisposeAsync()
    {
        return DisposeAsync().AsTask();
    }

    /// <summary>Use from a test: skips (fails under CI) when redis-server is not installed.</summary>
    public void EnsureAvailable()
    {
        _executable ??= RequiredTool.Redis();
    }

    private async Task StartProcessAsync()
    {
        lock (_output)
        {
            _output.Clear();
        }

        var startInfo = new ProcessStartInfo(_executable!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        foreach (string argument in new[]
        {
            "--port", _port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--protected-mode", "yes", "--daemonize", "no", "--dir", _directory!,
            "--save", "", "--appendonly", "no", "--logfile", "", "--loglevel", "notice",
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => AppendOutput(e.Data);
        process.ErrorDataReceived += (_, e) => AppendOutput(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        s_running[this] = 0;
        try
        {
            await WaitUntilAsync(AnswersPingAsync, "answer PING", whileRunning: true).ConfigureAwait(false);
        }
        catch
        {
            Kill();
            process.WaitForExit();
            process.Dispose();
            _process = null;
            s_running.TryRemove(this, out _);
            throw;
        }
    }

    private async Task StopCoreAsync()
    {
        Process? process = _process;
        if (process is null)
        {
            return;
        }

        Kill();
        using (var cancellation = new CancellationTokenSource(s_timeout))
        {
            await process.WaitForExitAsync(cancellation.Token).ConfigureAwait(false);
        }

        process.Dispose();
        _process = null;
        s_running.TryRemove(this, out _);
        await WaitUntilAsync(RefusesConnectionsAsync, "refuse connections", whileRunning: false).ConfigureAwait(false);
    }

    private void Kill()
    {
        try
        {
            _process?.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what, bool whileRunning)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!await condition().ConfigureAwait(false))
        {
            if (whileRunning && _process is { HasExited: true } exited)
            {
                throw new InvalidOperationException(
                    $"redis-server ({_executable}) on port {_port} exited with code {exited.ExitCode} before it could {what}. Output:\n{Output}");
            }

            if (stopwatch.Elapsed > s_timeout)
            {
                throw new TimeoutException(
                    $"redis-server ({_executable}) on port {_port} did not {what} within {s_timeout.TotalSeconds} s. Output:\n{Output}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            _admin ??= await ConnectionMultiplexer.ConnectAsync(AdminOptions()).ConfigureAwait(false);
            await Server().PingAsync().ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException)
        {
            return false;
        }
    }

    private async Task<bool> RefusesConnectionsAsync()
    {
        using var client = new TcpClient();
        try
        {
            using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, _port, cancellation.Token).ConfigureAwait(false);
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void AppendOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            if (_output.Length > 64 * 1024)
            {
                _output.Remove(0, _output.Length / 2);
            }

            _output.AppendLine(line);
        }
    }

    /// <summary>
    /// A free loopback port below the kernel's ephemeral range when possible: a port there is never handed out as the
    /// local port of some outgoing connection (or of a port-0 listener) while the server is stopped for an outage.
    /// </summary>
    private static readonly ConcurrentDictionary<int, byte> s_portsHandedOut = new();

    private static int FreeLoopbackPort()
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

        for (int i = 0; i < 50 && ephemeralLow > 11000; i++)
        {
            // Never twice: a server of this run that is stopped for an outage must get its port back.
            int candidate = Random.Shared.Next(10000, ephemeralLow);
            if (TryBind(candidate) is int port && s_portsHandedOut.TryAdd(port, 0))
            {
                return port;
            }
        }

        return TryBind(0) ?? throw new InvalidOperationException("no free loopback port");
    }

    private static int? TryBind(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        catch (SocketException)
        {
            return null;
        }
        finally
        {
            listener.Stop();
        }
    }

    private IServer Server()
    {
        EnsureAvailable();
        return (_admin ?? throw new InvalidOperationException("redis-server has not been started.")).GetServer(Endpoint);
    }

    /// <summary>
    /// The fixture's own connection, which must not show in the command counts it measures: no tie-breaker read, no
    /// subscription connection, and no keep-alive or configuration check while a test runs (their PINGs would count).
    /// It survives <see cref="StopAsync"/>/<see cref="StartAsync"/> and reconnects quickly.
    /// </summary>
    private ConfigurationOptions AdminOptions() => new()
    {
        EndPoints = { Endpoint },
        AllowAdmin = true,
        AbortOnConnectFail = false,
        ClientName = "sessionbridge-test-fixture",
        TieBreaker = "",
        CommandMap = CommandMap.Create(["SUBSCRIBE"], available: false),
        KeepAlive = 3600,
        ConfigCheckSeconds = 3600,
        ConnectTimeout = 2000,
        BacklogPolicy = BacklogPolicy.FailFast,
        ReconnectRetryPolicy = new LinearRetry(100),
        HeartbeatInterval = TimeSpan.FromMilliseconds(100),
    };
}
