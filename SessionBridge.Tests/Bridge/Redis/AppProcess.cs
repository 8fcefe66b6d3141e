using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SessionBridge.Tests.Infrastructure;
using SessionBridge.Tests.Infrastructure.AppLogs;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// The app as a real process (the build's SessionBridge.Web.dll under <c>dotnet</c>, Development settings from the
/// project folder) on a free loopback port: what an orchestrator starts and stops, signals and exit code included.
/// </summary>
public sealed partial class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    // Also kept for the test's report, so a failing test shows what the process wrote (a green run prints nothing).
    private readonly AppLog _log = new("app process");
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppProcess(IReadOnlyDictionary<string, string> environment, string? dll, string? contentRoot)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = contentRoot ?? Path.Combine(RequiredTool.RepoRoot(), "SessionBridge.Web"),
        };
        startInfo.ArgumentList.Add(dll ?? Path.Combine(AppContext.BaseDirectory, "SessionBridge.Web.dll"));
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        startInfo.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        startInfo.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        _process = new Process { StartInfo = startInfo };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
    }

    /// <summary>Where the app listens, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public int Id => _process.Id;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
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

    /// <summary>
    /// Starts the app with the given environment variables and waits until it listens: this build's, or another build's
    /// <paramref name="dll"/> with its project folder as <paramref name="contentRoot"/> (another release).
    /// </summary>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string> environment, string? dll = null, string? contentRoot = null)
    {
        var app = new AppProcess(environment, dll, contentRoot);
        app._process.Start();
        app._process.BeginOutputReadLine();
        app._process.BeginErrorReadLine();
        var exited = app._process.WaitForExitAsync();
        var started = await Task.WhenAny(app._listening.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
        if (started != app._listening.Task)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException("the app did not start listening:\n" + app.Output);
        }

        app.BaseAddress = new Uri(await app._listening.Task);
        return app;
    }

    /// <summary>Sends SIGTERM (what an orchestrator does to stop a node).</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>The exit code, once the process has exited within <paramref name="timeout"/>.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        _log.Write(line);

        if (ListeningOn().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(match.Groups[1].Value);
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();
}
