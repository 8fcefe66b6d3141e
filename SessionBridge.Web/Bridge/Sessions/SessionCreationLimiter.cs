using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SessionBridge.Web.Bridge.Sessions;

/// <summary>
/// Limits how many sessions one client (by IP address) may create per window, with the built-in rate limiter. A
/// session costs server memory for its whole idle timeout, so without this one client replaying a form without a
/// session cookie could fill a node. A person creates one or two; only floods are refused (429).
/// </summary>
public sealed class SessionCreationLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public SessionCreationLimiter(IOptions<SessionBridgeOptions> options)
    {
        var limit = options.Value.NewSessionsPerClient;
        _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(
            client,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0 }));
    }

    public bool TryAcquire(HttpContext context)
    {
        using var lease = _limiter.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
