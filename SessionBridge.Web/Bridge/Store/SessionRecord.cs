namespace SessionBridge.Web.Bridge.Store;

/// <summary>What the store knows about a session besides its data: who, since when, until when.</summary>
public sealed record SessionInfo(
    string? UserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset AbsoluteExpiresAt,
    bool Persistent,
    DateTimeOffset? SignedInAt,
    string? Device,
    string? Ip);

/// <summary>One session as loaded in one round trip: its info and its keys.</summary>
public sealed record SessionRecord(
    SessionInfo Info,
    IReadOnlyDictionary<string, byte[]> Values);

/// <summary>
/// The keys one request changed. Only these are written: the stock DistributedSession rewrites the whole
/// dictionary on commit, so two concurrent requests of one session lose each other's writes.
/// </summary>
public sealed record SessionChange(
    IReadOnlyDictionary<string, byte[]> Set,
    IReadOnlyCollection<string> Removed,
    SessionInfo? Info,
    DateTimeOffset ExpiresAt);
