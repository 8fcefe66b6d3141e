using Microsoft.Extensions.Options;
using SessionBridge.Limits;

namespace SessionBridge.Sessions;

/// <summary>
/// Limits how many sessions one client (by IP address) may create per window, counted once for the whole deployment
/// (<see cref="SharedLimits"/>). A session costs store memory for its whole idle timeout, so without this one client
/// replaying a form without a session cookie could fill the store. A person creates one or two; only floods are
/// refused (429).
/// </summary>
internal sealed class SessionCreationLimiter : IDisposable
{
    private readonly SharedLimit _limit;

    public SessionCreationLimiter(SharedLimits limits, IOptions<SessionBridgeOptions> options)
    {
        var limit = options.Value.NewSessionsPerClient;
        _limit = limits.Create("new-sessions", limit.PermitLimit, limit.Window);
    }

    /// <summary>Null when the client may create a session, otherwise how long until it may.</summary>
    public ValueTask<TimeSpan?> TryAcquireAsync(HttpContext context, CancellationToken cancellationToken) =>
        _limit.TryAcquireAsync(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", cancellationToken);

    public void Dispose() => _limit.Dispose();
}
