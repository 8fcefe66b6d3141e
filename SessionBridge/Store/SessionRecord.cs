namespace SessionBridge.Store;

/// <summary>One session as loaded in one round trip: its info and its keys.</summary>
public sealed record SessionRecord(
    SessionInfo Info,
    IReadOnlyDictionary<string, byte[]> Values);
