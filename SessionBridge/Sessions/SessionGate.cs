using SessionBridge.Store;
using SessionBridge.Telemetry;

namespace SessionBridge.Sessions;

/// <summary>
/// The one rule for whether a session may be used, asked by every page and fragment (the middleware) and by every
/// event and heartbeat of a live stream: the store still has it, and when someone signed in to it, that user still
/// exists and is enabled. A session whose user is gone is ended here, whoever asks, through the same path as a
/// revocation (<see cref="UserSessions.EndAsync"/>): deleted once, out of the user's index, its open tabs told at once.
/// </summary>
internal sealed class SessionGate(UserSessions sessions, ISessionUserDirectory users, SessionBridgeTelemetry telemetry, ILogger<SessionGate> logger)
{
    /// <param name="info">The session's info as just loaded, or null when the store did not have it.</param>
    public async Task<GateDecision> CheckAsync(string sessionId, SessionInfo? info, CancellationToken cancellationToken)
    {
        if (info is null)
        {
            return new GateDecision(GateOutcome.Ended);
        }

        if (info.UserId is not { } userId)
        {
            return new GateDecision(GateOutcome.Admitted);
        }

        if (await users.FindAsync(userId, cancellationToken) is { } claims)
        {
            return new GateDecision(GateOutcome.Admitted, new SignedInUser(userId, claims));
        }

        logger.UserRefused(SessionToken.LogTag(sessionId));
        if (await sessions.EndAsync(userId, sessionId, cancellationToken))
        {
            telemetry.SessionEnded(SessionBridgeTelemetry.EndReasons.UserDisabled);
        }

        return new GateDecision(GateOutcome.UserGone);
    }
}
