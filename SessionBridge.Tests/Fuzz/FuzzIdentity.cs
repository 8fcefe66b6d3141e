namespace SessionBridge.Tests.Fuzz;

/// <summary>
/// A client the fuzz speaks as: its cookies (session, antiforgery) and the antiforgery request token that goes with
/// them, so hostile requests can also get past the antiforgery check and reach the handlers.
/// </summary>
public sealed record FuzzIdentity(string Name, IReadOnlyList<KeyValuePair<string, string>> Cookies, string Token);
