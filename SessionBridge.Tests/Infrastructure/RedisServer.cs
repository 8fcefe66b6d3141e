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
    /// Queried over a raw socket, so measuring adds nothing. Note: a StackExchange.Redis connection's
    /// handshake (CLIENT, ECHO, CLUSTER, SUBSCRIBE, PING) counts too: take the baseline with
    /// <see cref="QuietCommandCountAsync"/> after clients have connected.
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

    /// <summary>Calls per command from INFO commandstats (e.g. "get" → 2, "client|setinfo" → 2), over a raw socket.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CommandStatsAsync()
    {
        string info = await SendAsync("INFO", "commandstats").ConfigureAwait(false);
        var stats = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (string line in info.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            // cmdstat_get:calls=2,usec=5,usec_per_call=2.50,rejected_calls=0,failed_calls=0
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (!line.StartsWith("cmdstat_", StringComparison.Ordinal) || colon < 0)
            {
                continue;
            }

            string? calls = line[(colon + 1)..].Split(',').FirstOrDefault(f => f.StartsWith("calls=", StringComparison.Ordinal));
            if (calls is not null)
            {
                stats[line["cmdstat_".Length..colon]] = long.Parse(calls["calls=".Length..], CultureInfo.InvariantCulture);
            }
        }

        return stats;
    }

    /// <summary>FLUSHALL (over a raw socket, no connection handshake).</summary>
    public async Task FlushAllAsync()
    {
        await SendAsync("FLUSHALL").ConfigureAwait(false);
    }

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

    /// <summary>Sends one command over a fresh raw RESP connection and returns the reply as text
    /// (simple string, integer or bulk string). Throws on a Redis error reply or a socket error.</summary>
    public async Task<string> SendAsync(params string[] command)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var cancellation = new CancellationTokenSource(s_timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port, cancellation.Token).ConfigureAwait(false);
        NetworkStream stream = client.GetStream();

        var request = new StringBuilder();
        request.Append(CultureInfo.InvariantCulture, $"*{command.Length}\r\n");
        foreach (string part in command)
        {
            request.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancellation.Token).ConfigureAwait(false);

        // Read until one complete reply has arrived.
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            int read = await stream.ReadAsync(chunk, cancellation.Token).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException($"redis on port {_port} closed the connection before replying to {command[0]}");
            }

            buffer.Write(chunk, 0, read);
            if (TryParseReply(buffer.ToArray(), out string? reply))
            {
                return reply;
            }
        }
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
            return await SendAsync("PING").ConfigureAwait(false) == "PONG";
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or InvalidOperationException)
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

    /// <summary>Parses one RESP reply (+simple, -error, :integer, $bulk) if the buffer holds it whole.</summary>
    private static bool TryParseReply(byte[] data, out string reply)
    {
        reply = "";
        int lineEnd = Array.IndexOf(data, (byte)'\n');
        if (lineEnd < 1)
        {
            return false;
        }

        string header = Encoding.UTF8.GetString(data, 1, lineEnd - 2);
        switch ((char)data[0])
        {
            case '+':
            case ':':
                reply = header;
                return true;
            case '-':
                throw new InvalidOperationException($"redis replied with an error: {header}");
            case '$':
                int length = int.Parse(header, CultureInfo.InvariantCulture);
                if (length < 0)
                {
                    return true; // nil
                }

                if (data.Length < lineEnd + 1 + length + 2)
                {
                    return false;
                }

                reply = Encoding.UTF8.GetString(data, lineEnd + 1, length);
                return true;
            default:
                throw new InvalidOperationException($"unsupported RESP reply type '{(char)data[0]}'");
        }
    }
}
