namespace SessionBridge.Store;

/// <summary>What the store holds for a session, as a developer inspects it: which store, the hashed id's log tag, time left, bytes.</summary>
public sealed record SessionFootprint(string StoreKind, string? SessionTag, TimeSpan? TimeToLive, long Bytes);
