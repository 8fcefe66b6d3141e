namespace SessionBridge.Authentication;

/// <summary>The claim types the scheme adds besides <see cref="System.Security.Claims.ClaimTypes.NameIdentifier"/>.</summary>
public static class SessionBridgeClaimTypes
{
    /// <summary>
    /// The session the request came with, by its handle: the 12-character prefix of the session id that log lines and
    /// the account page name it by (<see cref="Sessions.ActiveSession.Handle"/>). The id is itself a hash of the cookie
    /// token, so the handle tells a user's sessions apart and lets nobody resume one.
    /// </summary>
    public const string Session = "urn:sessionbridge:session";
}
