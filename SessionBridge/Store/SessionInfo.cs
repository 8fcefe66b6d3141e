namespace SessionBridge.Store;

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
