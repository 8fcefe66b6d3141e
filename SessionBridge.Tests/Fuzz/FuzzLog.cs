using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SessionBridge.Tests.Fuzz;

/// <summary>
/// Every log line of the app under fuzz with the exception it carries (CapturedLogs keeps the message only), so a
/// failure can say which exception the app logged for a request, and the lines a request wrote can be read back.
/// </summary>
public sealed class FuzzLog : ILoggerProvider
{
    private readonly ConcurrentQueue<Line> _lines = new();

    public int Count => _lines.Count;

    /// <summary>The lines written since <paramref name="start"/> (a value of <see cref="Count"/>).</summary>
    public IReadOnlyList<Line> Since(int start) => [.. _lines.Skip(start)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    public sealed record Line(string Category, LogLevel Level, string Message, Exception? Exception)
    {
        private static readonly string[] s_errorCategories =
        [
            "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server", "Microsoft.AspNetCore.Diagnostics", "SessionBridge",
        ];

        /// <summary>
        /// An exception nobody handled, as the hosting layer, Kestrel or the exception pages write it, or an error the
        /// app itself logged.
        /// </summary>
        public bool IsUnhandled =>
            Message.Contains("unhandled exception", StringComparison.OrdinalIgnoreCase)
            || (Level >= LogLevel.Error && s_errorCategories.Any(c => Category.StartsWith(c, StringComparison.Ordinal)));

        public override string ToString() =>
            $"{Level} {Category}: {Message}{(Exception is null ? "" : $" [{Exception.GetType().FullName}: {Exception.Message}]")}";
    }

    private sealed class Logger(FuzzLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log._lines.Enqueue(new Line(category, logLevel, formatter(state, exception), exception));
    }
}
