using Microsoft.AspNetCore.Http;
using SessionBridge.Events;
using SessionBridge.Keys;
using SessionBridge.Store;
using SessionBridge.Telemetry;

namespace SessionBridge.Sessions;

/// <summary>
/// Signs sessions in and out and keeps the user → sessions index. Signing in rotates the session id; signing out and
/// revoking delete the session's rows at once, so the next request of that session, page or fragment, is refused.
/// </summary>
public sealed class UserSessions(
    ISessionRecordStore store,
    ISessionIndex index,
    ISessionEventPublisher events,
    SessionKeyRegistry keys,
    SessionLifetimes lifetimes,
    TimeProvider time,
    SessionBridgeTelemetry telemetry,
    ILogger<UserSessions> logger)
{
    /// <summary>False when another request already rotated this session (a raced handoff): nobody is signed in twice.</summary>
    internal async Task<bool> SignInAsync(HttpContext context, SignedInUser user, bool rememberMe, CancellationToken cancellationToken = default)
    {
        var session = context.BridgeSession();
        var now = time.GetUtcNow();
        var info = new SessionInfo(
            user.Id,
            now,
            now,
            now + lifetimes.Absolute,
            rememberMe,
            now,
            DeviceLabel.From(context.Request.Headers.UserAgent.ToString()),
            context.Connection.RemoteIpAddress?.ToString());

        string preLoginId = session.Id;
        if (!await session.RotateAsync(info, keys.CarriesOverAtLogin, cancellationToken))
        {
            return false;
        }

        // Other tabs still listening on the pre-login id are not told now: their browser has not stored the new cookie
        // yet, and a tab acting on the old one would be sent to /login. Their next heartbeat finds the id ended, and
        // by then GET /events/check sees the signed-in session and reloads them onto it.

        await index.AddAsync(user.Id, session.Id, cancellationToken);
        context.SessionContext().User = user;
        logger.SignedIn(user.Id, SessionToken.LogTag(preLoginId), SessionToken.LogTag(session.Id), rememberMe);
        return true;
    }

    /// <summary>
    /// Ends this session. Its other tabs are told at once; the tab that signed out (named by <paramref name="originTab"/>)
    /// is not, as it is navigating to the login page already and a second navigation would race it. The keys marked
    /// <see cref="SessionKey.KeptAtSignOut"/> stay on this browser, in a new anonymous session.
    /// </summary>
    public async Task SignOutAsync(HttpContext context, string? originTab, CancellationToken cancellationToken = default)
    {
        var feature = context.SessionContext();
        if (feature.User is { } user)
        {
            await index.RemoveAsync(user.Id, feature.Session.Id, cancellationToken);
            logger.SignedOut(user.Id, SessionToken.LogTag(feature.Session.Id));
        }

        string? endedId = feature.Session.State == SessionState.Active ? feature.Session.Id : null;
        await feature.Session.EndKeepingAsync(keys.KeptAtSignOut, cancellationToken);
        feature.User = null;
        if (endedId is not null)
        {
            telemetry.SessionEnded(SessionBridgeTelemetry.EndReasons.SignedOut);
            await events.PublishAsync(SessionEvent.SignedOut(endedId, originTab), cancellationToken);
        }
    }

    /// <summary>Ends one of the user's sessions at once: its rows are deleted and its open tabs are sent to /login.</summary>
    public async Task<bool> RevokeAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        if (!(await index.ListAsync(userId, cancellationToken)).Contains(sessionId))
        {
            return false;
        }

        Ended(await EndAsync(userId, sessionId, cancellationToken));
        logger.Revoked(userId, SessionToken.LogTag(sessionId));
        return true;
    }

    /// <summary>Revokes every session of the user but the one given; returns how many were ended.</summary>
    public async Task<int> RevokeOthersAsync(string userId, string keepSessionId, CancellationToken cancellationToken = default)
    {
        var others = (await index.ListAsync(userId, cancellationToken)).Where(id => id != keepSessionId).ToList();
        foreach (string id in others)
        {
            Ended(await EndAsync(userId, id, cancellationToken));
            logger.Revoked(userId, SessionToken.LogTag(id));
        }

        return others.Count;
    }

    /// <summary>
    /// Ends one of the user's sessions the way every ending does (revoked, or its user gone or disabled): its rows are
    /// deleted, it leaves the user's index, and its open tabs are sent to /login. True for the one caller that actually
    /// deleted it; the others (a session already ended, or ended by a concurrent request) still leave it out of the
    /// index and tell its tabs, both of which are harmless to repeat.
    /// </summary>
    public async Task<bool> EndAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        bool deleted = await telemetry.DeleteAsync(store, sessionId, cancellationToken);
        await index.RemoveAsync(userId, sessionId, cancellationToken);
        await events.PublishAsync(SessionEvent.SignedOut(sessionId), cancellationToken);
        return deleted;
    }

    // Counted by the one request that deleted it: a revocation raced by another ends the session once.
    private void Ended(bool deleted)
    {
        if (deleted)
        {
            telemetry.SessionEnded(SessionBridgeTelemetry.EndReasons.Revoked);
        }
    }

    public async Task<IReadOnlyList<ActiveSession>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        // The loads go out together: with Redis they share the round trip instead of queueing one behind another.
        var ids = await index.ListAsync(userId, cancellationToken);
        var records = await Task.WhenAll(ids.Select(id => telemetry.LoadAsync(store, id, cancellationToken)));
        var sessions = new List<ActiveSession>();
        foreach (var (id, record) in ids.Zip(records))
        {
            if (record?.Info.UserId == userId)
            {
                sessions.Add(new ActiveSession(id, record.Info));
            }
            else
            {
                await index.RemoveAsync(userId, id, cancellationToken);
            }
        }

        return [.. sessions.OrderByDescending(session => session.Info.LastSeenAt)];
    }
}
