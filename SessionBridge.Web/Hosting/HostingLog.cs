using SessionBridge;

namespace SessionBridge.Web.Hosting;

/// <summary>
/// Every log line of the hosting part, in one place (event ids 80-100). What a client sent goes in only through
/// <see cref="ClientText.ForLog(string)"/>.
/// </summary>
internal static partial class HostingLog
{
    [LoggerMessage(80, LogLevel.Information, "{Method} {Page}: request body refused ({Status}), {Reason}")]
    public static partial void BodyRefused(this ILogger logger, string method, string? page, int status, string reason);

    [LoggerMessage(100, LogLevel.Information, "SessionBridge is using the {Store} session store and listening on {Addresses}")]
    public static partial void Listening(this ILogger logger, string store, string addresses);

    [LoggerMessage(101, LogLevel.Warning, "AllowedHosts is \"{AllowedHosts}\" in Production: any Host header is accepted, and the HTTPS redirect builds its Location from it. Set AllowedHosts to this site's host names (README, \"Behind a load balancer\")")]
    public static partial void AnyHostAllowed(this ILogger logger, string allowedHosts);
}
