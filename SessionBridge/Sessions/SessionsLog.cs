namespace SessionBridge.Sessions;

/// <summary>
/// Every log line of the sessions part, in one place (event ids 1-39): one line per event, sessions named by the
/// log tag of their id, never a cookie or a password; a path the client sent only escaped and cut.
/// </summary>
internal static partial class SessionsLog
{
    [LoggerMessage(1, LogLevel.Warning, "Session cookie ({Length} characters) is not a token SessionBridge issued; treated as absent and cleared")]
    public static partial void MalformedCookie(this ILogger logger, int length);

    // The path is what the client sent: it goes into the line escaped and cut (ClientText).
    public static void SessionEnded(this ILogger logger, string sessionTag, PathString path) => LogSessionEnded(logger, sessionTag, ClientText.ForLog(path));

    [LoggerMessage(2, LogLevel.Information, "Session {SessionTag} has ended (expired, revoked or signed out); refused {Path}")]
    private static partial void LogSessionEnded(ILogger logger, string sessionTag, string path);

    [LoggerMessage(3, LogLevel.Warning, "Session {SessionTag} belongs to a user who is gone or disabled; session ended")]
    public static partial void UserRefused(this ILogger logger, string sessionTag);

    public static void StoreUnavailable(this ILogger logger, PathString path, string reason) => LogStoreUnavailable(logger, ClientText.ForLog(path), reason);

    [LoggerMessage(4, LogLevel.Error, "Session store unavailable for {Path}; answered 503: {Reason}")]
    private static partial void LogStoreUnavailable(ILogger logger, string path, string reason);

    [LoggerMessage(5, LogLevel.Warning, "Session {SessionTag}: expiry refresh not written ({Reason})")]
    public static partial void RefreshFailed(this ILogger logger, string sessionTag, string reason);

    [LoggerMessage(6, LogLevel.Information, "Session {SessionTag} has ended; the request carries on as a new visitor")]
    public static partial void StartedOver(this ILogger logger, string sessionTag);

    public static void CreationRefused(this ILogger logger, PathString path) => LogCreationRefused(logger, ClientText.ForLog(path));

    [LoggerMessage(7, LogLevel.Warning, "New session refused for {Path}: this client created too many sessions lately; answered 429")]
    private static partial void LogCreationRefused(ILogger logger, string path);

    [LoggerMessage(8, LogLevel.Error, "Session {SessionTag}: values the request set were not written at the end of the request ({Reason})")]
    public static partial void WritesNotCommitted(this ILogger logger, string sessionTag, string reason);

    [LoggerMessage(30, LogLevel.Information, "User {UserId} signed in: session {PreLoginTag} rotated to {SessionTag} (remembered: {RememberMe})")]
    public static partial void SignedIn(this ILogger logger, string userId, string preLoginTag, string sessionTag, bool rememberMe);

    [LoggerMessage(31, LogLevel.Information, "User {UserId} signed out session {SessionTag}")]
    public static partial void SignedOut(this ILogger logger, string userId, string sessionTag);

    [LoggerMessage(32, LogLevel.Information, "User {UserId} revoked session {SessionTag}")]
    public static partial void Revoked(this ILogger logger, string userId, string sessionTag);
}
