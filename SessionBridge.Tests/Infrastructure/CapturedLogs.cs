using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using SessionBridge.Tests.Infrastructure.AppLogs;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>
/// Every log line the app under test writes (after the app's own level filters), for "logged once" checks; also
/// written, formatted, to an <see cref="AppLogs.AppLog"/>, so the report of a test shows its app's logs (the console
/// shows them only when the test fails).
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public CapturedLogs()
        : this("app")
    {
    }

    /// <param name="title">Names the app in a test's report, e.g. "SessionBridgeApp".</param>
    public CapturedLogs(string title)
    {
        AppLog = new AppLog(title);
    }

    public IReadOnlyList<LogLine> Lines => [.. _lines];

    /// <summary>The lines as a console logger would print them, one per entry (a stack trace follows its entry).</summary>
    public AppLog AppLog { get; }

    public IReadOnlyList<LogLine> Matching(string text) =>
        [.. _lines.Where(line => line.Message.Contains(text, StringComparison.Ordinal))];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>One log entry; <see cref="Exception"/> is what a console logger would print as a stack trace.</summary>
    public sealed record LogLine(string Category, LogLevel Level, string Message, Exception? Exception = null);

    private static string Format(LogLevel level, string category, EventId eventId, string message, Exception? exception)
    {
        string text = string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:HH:mm:ss.fff} {Abbreviation(level)}: {category}[{eventId.Id}] {message}");
        return exception is null ? text : text + "\n" + exception;
    }

    /// <summary>The console logger's level names, so the lines read as they would on a console.</summary>
    private static string Abbreviation(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => level.ToString(),
    };

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string message = formatter(state, exception);
            logs._lines.Enqueue(new LogLine(category, logLevel, message, exception));
            logs.AppLog.Write(Format(logLevel, category, eventId, message, exception));
        }
    }
}
