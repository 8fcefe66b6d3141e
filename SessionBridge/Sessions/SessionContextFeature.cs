using SessionBridge.Store;

namespace SessionBridge.Sessions;

/// <summary>The request's session and the user behind it, resolved once by the middleware and shared by the request.</summary>
public sealed class SessionContextFeature(BridgeSession session)
{
    public BridgeSession Session { get; } = session;

    /// <summary>Who the session is signed in for, or null for a visitor: what the authentication scheme turns into <c>HttpContext.User</c>.</summary>
    public SignedInUser? User { get; set; }

    /// <summary>The well-formed session cookie the request came with, whether or not its session still exists.</summary>
    internal PresentedToken? Presented { get; init; }

    /// <summary>This request consumed a login handoff and signed the session in: the page shows its one-time welcome.</summary>
    public bool JustSignedIn { get; set; }

    /// <summary>The user's session ids as this request's sign-in left the index, so that its page lists them without asking again.</summary>
    internal IReadOnlyCollection<string>? ListedAtSignIn { get; set; }
}
