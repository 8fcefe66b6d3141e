using SessionBridge.Events;

namespace SessionBridge.Store;

/// <summary>
/// The keys one request changed. Only these are written: the stock DistributedSession rewrites the whole
/// dictionary on commit, so two concurrent requests of one session lose each other's writes.
/// <see cref="Announce"/> is the event the commit sends to the session's open streams on every node, in the same step
/// as the write: a change is never announced without being stored, nor stored without being announced.
/// </summary>
public sealed record SessionChange(
    IReadOnlyDictionary<string, byte[]> Set,
    IReadOnlyCollection<string> Removed,
    SessionInfo? Info,
    DateTimeOffset ExpiresAt,
    SessionEvent? Announce = null);
