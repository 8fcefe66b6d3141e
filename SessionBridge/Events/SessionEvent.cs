namespace SessionBridge.Events;

/// <summary>
/// Something every open tab of one session should know: a key changed (so its row, the greeting and the theme
/// refresh), or the session was signed out or revoked (so every tab goes to the login page).
/// </summary>
/// <param name="SessionId">The session the event is for.</param>
/// <param name="Key">The changed key; null for a sign-out.</param>
/// <param name="OriginTab">
/// The tab that made the change or signed out: it has the new state already (or is navigating away) and is not told.
/// </param>
public sealed record SessionEvent(string SessionId, string? Key, string? OriginTab)
{
    public bool IsSignOut => Key is null;

    public static SessionEvent Changed(string sessionId, string key, string? originTab) => new(sessionId, key, originTab);

    public static SessionEvent SignedOut(string sessionId, string? originTab = null) => new(sessionId, null, originTab);
}
