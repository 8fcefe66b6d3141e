namespace SessionBridge.Security;

/// <summary>
/// The log lines of the cookie wrappers (event ids 81-83, as before they moved into the library). What a client sent
/// goes in only through <see cref="ClientText.ForLog(string)"/>.
/// </summary>
internal static partial class SecurityLog
{
    [LoggerMessage(81, LogLevel.Information, "Antiforgery cookie on {Path} was not one this app issued; replaced with a new one")]
    public static partial void AntiforgeryCookieReplaced(this ILogger logger, string path);

    [LoggerMessage(82, LogLevel.Warning, "{Method} {Path} refused (400): {Reason}")]
    public static partial void AntiforgeryRefused(this ILogger logger, string method, string path, string reason);

    [LoggerMessage(83, LogLevel.Warning, "TempData cookie on {Path} could not be read (tampered, expired key or not ours); ignored")]
    public static partial void TempDataUnreadable(this ILogger logger, string path);
}
