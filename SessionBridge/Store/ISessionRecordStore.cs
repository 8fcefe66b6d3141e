namespace SessionBridge.Store;

/// <summary>
/// Server-side sessions keyed by session id (the hash of the cookie token, never the token itself).
/// Guarantees: a load is one round trip; a commit writes only the changed keys, lands whole or not at all, sets the
/// expiry in the same step, and never brings back a session that was deleted (revoked) meanwhile.
/// Failures to reach the backing store surface as <see cref="SessionStoreUnavailableException"/>.
/// </summary>
public interface ISessionRecordStore
{
    /// <summary>"memory" or "redis", for logs, health and the dev inspector.</summary>
    string Kind { get; }

    /// <summary>The session, or null when it does not exist, was deleted or has expired.</summary>
    Task<SessionRecord?> LoadAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Creates the session with the given info and values.</summary>
    Task CreateAsync(string sessionId, SessionInfo info, IReadOnlyDictionary<string, byte[]> values, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Applies the change; false when the session no longer exists (nothing is written then).</summary>
    Task<bool> CommitAsync(string sessionId, SessionChange change, CancellationToken cancellationToken = default);

    /// <summary>Deletes the session; true only for the one caller that actually removed it.</summary>
    Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Bytes the store holds for the session and the time it has left, for the dev inspector.</summary>
    Task<(long Bytes, TimeSpan? TimeToLive)> DescribeAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Throws <see cref="SessionStoreUnavailableException"/> when the store cannot be reached.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}
