using Microsoft.Extensions.Logging;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Fuzz;

/// <summary>
/// The app's log lines in order, so each fuzz request reads back only the lines written while it ran. (CapturedLogs
/// copies all of its lines on every read: thousands of requests would copy them millions of times.)
/// </summary>
public sealed class FuzzLog : ILoggerProvider
{
    private static readonly string[] s_errorCategories =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server", "Microsoft.AspNetCore.Diagnostics", "SessionBridge",
    ];

    private readonly List<CapturedLogs.LogLine> _lines = [];

    public int Count
    {
        get
        {
            lock (_lines)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>The lines written since <paramref name="start"/> (a value of <see cref="Count"/>).</summary>
    public IReadOnlyList<CapturedLogs.LogLine> Since(int start)
    {
        lock (_lines)
        {
            return _lines.GetRange(start, _lines.Count - start);
        }
    }

    /// <summary>
    /// An exception nobody handled, as the hosting layer, Kestrel or the exception pages write it, or an error the app
    /// itself logged.
    /// </summary>
    public static bool IsUnhandled(CapturedLogs.LogLine line) =>
        line.Message.Contains("unhandled exception", StringComparison.OrdinalIgnoreCase)
        || (line.Level >= LogLevel.Error && s_errorCategories.Any(c => line.Category.StartsWith(c, StringComparison.Ordinal)));

    public static string Describe(CapturedLogs.LogLine line) =>
        $"{line.Level} {line.Category}: {line.Message}{(line.Exception is null ? "" : $" [{line.Exception.GetType().FullName}: {line.Exception.Message}]")}";

    public static string Cause(CapturedLogs.LogLine? line)
    {
        if (line?.Exception is not { } exception)
        {
            return line is null ? "" : $" ({line.Category})";
        }

        // The first frame in the app names the defect; two requests failing there are one finding.
        string? frame = exception.StackTrace?.Split('\n').Select(f => f.Trim()).FirstOrDefault(f => f.Contains("SessionBridge.Web", StringComparison.Ordinal));
        frame = frame?.Split(" in ")[0].Replace("at ", "", StringComparison.Ordinal);
        return $" with {exception.GetType().Name}{(frame is null ? "" : " at " + frame)}";
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(FuzzLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var line = new CapturedLogs.LogLine(category, logLevel, formatter(state, exception), exception);
            lock (log._lines)
            {
                log._lines.Add(line);
            }
        }
    }
}
