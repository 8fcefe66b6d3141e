using Microsoft.Extensions.Logging;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Fuzz;

/// <summary>
/// The app's log lines in order, so each fuzz request reads back only the lines written while it ran. (CapturedLogs
/// copies all of its lines on every read: thousands of requests would copy them millions of times.)
/// </summary>
public sealed class FuzzLog : ILoggerProvider
{
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
