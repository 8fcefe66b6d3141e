using SessionBridge.Store;

namespace SessionBridge.Sessions;

/// <summary>One of a user's sessions, as the account page lists it.</summary>
public sealed record ActiveSession(string Id, SessionInfo Info)
{
    /// <summary>
    /// How a page names this session to its user (to sign it out): a prefix of the id, which is itself a hash of the
    /// cookie token. Enough to tell a user's sessions apart; worthless to anyone else.
    /// </summary>
    public string Handle => Id[..12];
}
