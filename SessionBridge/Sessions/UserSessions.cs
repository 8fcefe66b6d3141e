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
    /// <summary>
    /// False when another request already rotated this session (a raced handoff): nobody is signed in twice. The old
    /// id's deletion, the new session's creation and its entry in the index go out together: with Redis, one round
    /// trip, whose index answer is kept for <see cref="ListAsync"/>.
    /// </summary>
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
        IReadOnlyCollection<string>? listed = null;
        if (!await session.RotateAsync(info, keys.CarriesOverAtLogin, async id => listed = await index.AddAsync(user.Id, id, cancellationToken), cancellationToken))
        {
            return false;
        }

        context.SessionContext().ListedAtSignIn = listed;

        // Other tabs still listening on the pre-login id are not told now: their browser has not stored the new cookie
        // yet, and a tab acting on the old one would be sent to /login. Their next heartbeat finds the id ended, and
        // by then GET /events/check sees the signed-in session and reloads them onto it.
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
        var session = feature.Session;
        string? endedId = session.State == SessionState.Active ? session.Id : null;

        // Leaving the index goes out with the deletion (one round trip with Redis): an id left behind by a failure of
        // either is pruned when the index is listed.
        var unindexed = feature.User is { } user ? index.RemoveAsync(user.Id, session.Id, cancellationToken) : Task.CompletedTask;
        await Task.WhenAll(unindexed, session.EndKeepingAsync(keys.KeptAtSignOut, cancellationToken));
        if (feature.User is { } signedOut)
        {
            logger.SignedOut(signedOut.Id, SessionToken.LogTag(endedId));
        }

        feature.User = null;
        if (endedId is not null)
        {
            telemetry.SessionEnded(SessionBridgeTelemetry.EndReasons.SignedOut);
            await events.PublishAsync(SessionEvent.SignedOut(endedId, originTab), cancellationToken);
        }
    }

    /// <summary>
    /// Ends <paramref name="listed"/>, one of the sessions <see cref="ListAsync"/> gave for <paramref name="userId"/>, at
    /// once: its rows are deleted and its open tabs are sent to /login. Nothing is listed or loaded again.
    /// </summary>
    public async Task RevokeAsync(string userId, ActiveSession listed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(listed);
        Ended(await EndAsync(userId, listed.Id, cancellationToken));
        logger.Revoked(userId, SessionToken.LogTag(listed.Id));
    }

    /// <summary>
    /// Revokes every session of the user but the one given; returns how many were ended. They end together (one round
    /// trip with Redis, however many there are) and none of them is loaded.
    /// </summary>
    public async Task<int> RevokeOthersAsync(string userId, string keepSessionId, CancellationToken cancellationToken = default)
    {
        var others = (await index.ListAsync(userId, cancellationToken)).Where(id => id != keepSessionId).ToList();
        var ended = await Task.WhenAll(others.Select(id => EndAsync(userId, id, cancellationToken)));
        foreach (var (id, deleted) in others.Zip(ended))
        {
            Ended(deleted);
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
        // The deletion and the index go out together (one round trip with Redis); the tabs are told once it is deleted.
        var deleting = telemetry.DeleteAsync(store, sessionId, cancellationToken);
        var unindexed = index.RemoveAsync(userId, sessionId, cancellationToken);
        await Task.WhenAll(deleting, unindexed);
        await events.PublishAsync(SessionEvent.SignedOut(sessionId), cancellationToken);
        return await deleting;
    }

    // Counted by the one request that deleted it: a revocation raced by another ends the session once.
    private void Ended(bool deleted)
    {
        if (deleted)
        {
            telemetry.SessionEnded(SessionBridgeTelemetry.EndReasons.Revoked);
        }
    }

    /// <summary>
    /// The signed-in user's sessions, most recently seen first, each loaded once: this request's own session is taken
    /// as the request loaded it, the others are loaded together (with Redis, in one round trip however many there are).
    /// A request that signed in lists the ids its sign-in got from the index. Ids of sessions that are gone leave the
    /// index here.
    /// </summary>
    public async Task<IReadOnlyList<ActiveSession>> ListAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        var feature = context.SessionContext();
        string userId = feature.User?.Id ?? throw new InvalidOperationException("Only a signed-in session has sessions to list.");
        var current = feature.Session;
        string? currentId = current.State == SessionState.Active ? current.Id : null;
        var ids = feature.ListedAtSignIn ?? await index.ListAsync(userId, cancellationToken);
        var infos = await Task.WhenAll(ids.Select(id => id == currentId ? Task.FromResult(current.Info) : LoadInfoAsync(id)));
        var sessions = new List<ActiveSession>();
        foreach (var (id, info) in ids.Zip(infos))
        {
            if (info?.UserId == userId)
            {
                sessions.Add(new ActiveSession(id, info));
            }
            else
            {
                await index.RemoveAsync(userId, id, cancellationToken);
            }
        }

        return [.. sessions.OrderByDescending(session => session.Info.LastSeenAt)];

        async Task<SessionInfo?> LoadInfoAsync(string id) => (await telemetry.LoadAsync(store, id, cancellationToken))?.Info;
    }
}
