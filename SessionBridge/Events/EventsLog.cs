namespace SessionBridge.Events;

/// <summary>Every log line of the live channel, in one place (event ids 60-79).</summary>
internal static partial class EventsLog
{
    [LoggerMessage(60, LogLevel.Debug, "Event stream opened for session {SessionTag}")]
    public static partial void Opened(this ILogger logger, string sessionTag);

    [LoggerMessage(61, LogLevel.Debug, "Event stream closed for session {SessionTag}")]
    public static partial void Closed(this ILogger logger, string sessionTag);

    [LoggerMessage(62, LogLevel.Warning, "Event stream of session {SessionTag} ended: session store unavailable ({Reason})")]
    public static partial void StoreUnavailable(this ILogger logger, string sessionTag, string reason);

    [LoggerMessage(72, LogLevel.Warning, "Ignored a malformed event on the channel of session {SessionTag}")]
    public static partial void Malformed(this ILogger logger, string sessionTag);

    [LoggerMessage(73, LogLevel.Debug, "SUNSUBSCRIBE for session {SessionTag} not sent ({Failure}); the connection that held it is gone")]
    public static partial void UnsubscribeFailed(this ILogger logger, string sessionTag, string failure);
}
