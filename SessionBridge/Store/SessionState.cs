namespace SessionBridge.Store;

/// <summary>Whether the request came with a session, and whether the store still has it.</summary>
public enum SessionState
{
    /// <summary>No session cookie (or one we never issued): an empty session that is stored only once written to.</summary>
    None,

    /// <summary>The cookie names a live session.</summary>
    Active,

    /// <summary>The cookie names a session the store no longer has: expired, revoked or signed out.</summary>
    Ended,
}
