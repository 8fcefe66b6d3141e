using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace SessionBridge.Store;

/// <summary>How long a session lives: sliding idle expiry (longer when remembered), capped by an absolute lifetime.</summary>
public sealed class SessionLifetimes(IOptions<SessionOptions> session, IOptions<SessionBridgeOptions> bridge)
{
    public TimeSpan Idle => session.Value.IdleTimeout;

    /// <summary>A visitor's idle timeout: the configured one, but never longer than <see cref="Idle"/>.</summary>
    public TimeSpan VisitorIdle => bridge.Value.VisitorIdleTimeout is { } visitor && visitor < Idle ? visitor : Idle;

    public TimeSpan RememberMe => bridge.Value.RememberMeLifetime;

    public TimeSpan Absolute => bridge.Value.AbsoluteLifetime;

    public TimeSpan RefreshInterval => bridge.Value.RefreshInterval;

    public DateTimeOffset ExpiresAt(SessionInfo info, DateTimeOffset now)
    {
        var idleEnd = now + (info.Persistent ? RememberMe : info.UserId is null ? VisitorIdle : Idle);
        return idleEnd < info.AbsoluteExpiresAt ? idleEnd : info.AbsoluteExpiresAt;
    }
}
