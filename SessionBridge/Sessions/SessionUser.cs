namespace SessionBridge.Sessions;

/// <summary>A signed-in user as every part of a request sees it, resolved once per request.</summary>
public sealed record SessionUser(string Id, string Email, string DisplayName);
