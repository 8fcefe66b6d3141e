using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>Every log line the app under test writes (after the app's own level filters), for "logged once" checks.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogLine> _lines = new();

    public IReadOnlyList<LogLine> Lines => [.. _lines];

    public IReadOnlyList<LogLine> Matching(string text) =>
        [.. _lines.Where(line => line.Message.Contains(text, StringComparison.Ordinal))];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <summary>One log entry; <see cref="Exception"/> is what a console logger would print as a stack trace.</summary>
    public sealed record LogLine(string Category, LogLevel Level, string Message, Exception? Exception = null);

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs._lines.Enqueue(new LogLine(category, logLevel, formatter(state, exception), exception));
    }
}
