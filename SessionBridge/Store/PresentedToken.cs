namespace SessionBridge.Store;

/// <summary>What a well-formed session cookie names: the session id, and whether it was issued to a signed-in session.</summary>
internal readonly record struct PresentedToken(string Id, bool SignedIn);
