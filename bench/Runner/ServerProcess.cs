using System.Diagnostics;
using System.Globalization;

namespace SessionBridge.Bench;

/// <summary>A server the run started (an app or redis-server): its CPU time from /proc, stopped when disposed.</summary>
internal sealed class ServerProcess : IDisposable
{
    private static readonly double TicksPerSecond = ReadTicksPerSecond();
    private readonly Process _process;
    private readonly string _logPath;

    private ServerProcess(Process process, string name, string logPath)
    {
        _process = process;
        Name = name;
        _logPath = logPath;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public static ServerProcess Start(string name, string fileName, IEnumerable<string> arguments, IDictionary<string, string> environment, string workingDirectory, string logDirectory)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        string logPath = Path.Combine(logDirectory, name + ".log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {fileName}");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServerProcess(process, name, logPath);
    }

    /// <summary>User plus system CPU time the process has used so far (/proc/PID/stat utime + stime).</summary>
    public TimeSpan CpuTime()
    {
        // A process that died has no /proc entry left to read: say which one and how it ended instead.
        ThrowIfExited();
        string stat = File.ReadAllText($"/proc/{_process.Id}/stat");

        // The command name in parentheses may hold spaces: count fields from the last ')'; utime and stime are the
        // 14th and 15th fields, the 12th and 13th after it.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    public void ThrowIfExited()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}); see {_logPath}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private static double ReadTicksPerSecond()
    {
        var getconf = Process.Start(new ProcessStartInfo("getconf", "CLK_TCK") { RedirectStandardOutput = true })!;
        string output = getconf.StandardOutput.ReadToEnd();
        getconf.WaitForExit();
        return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }
}
