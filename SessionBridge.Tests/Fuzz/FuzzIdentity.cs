namespace SessionBridge.Tests.Fuzz;

/// <summary>
/// A client the fuzz speaks as: its cookies and the antiforgery request token that goes with them, so hostile requests
/// also get past the antiforgery check to the handlers. <see cref="MangledSession"/>, when set, is a session cookie
/// value it always sends mangled, never as it is (the victim's: sent as it is, it would be the victim).
/// </summary>
public sealed record FuzzIdentity(string Name, IReadOnlyList<KeyValuePair<string, string>> Cookies, string Token, string? MangledSession = null);
