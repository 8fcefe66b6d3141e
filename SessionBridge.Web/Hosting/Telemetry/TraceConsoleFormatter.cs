using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace SessionBridge.Web.Hosting.Telemetry;

/// <summary>
/// The console's log line while traces are exported: one line per entry (<c>info: Category[id] message</c>) ending in
/// the trace id of the request that wrote it, so a line leads to its trace. Not the stock simple formatter with scopes:
/// ASP.NET Core's request scope would add the raw request path, text the client chose, to every line.
/// </summary>
internal sealed class TraceConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "sessionbridge-trace";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        string? message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(logEntry.Category);
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id);
        textWriter.Write("] ");
        textWriter.Write(message);

        // The console logger formats on the thread that logs, so the current activity is the request's.
        if (Activity.Current is { } activity)
        {
            textWriter.Write(" trace=");
            textWriter.Write(activity.TraceId.ToHexString());
        }

        textWriter.WriteLine();
        if (logEntry.Exception is not null)
        {
            textWriter.WriteLine(logEntry.Exception.ToString());
        }
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
