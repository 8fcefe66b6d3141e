namespace SessionBridge.Tests.Fuzz;

/// <summary>
/// Real values taken from real browsers before the run (so the generated requests can mangle them): the victim's
/// cookies, the identities the fuzz speaks as, a real login handoff's TempData cookie, and every form of every page.
/// </summary>
public sealed record FuzzMaterial(
    IReadOnlyList<KeyValuePair<string, string>> VictimCookies,
    string VictimToken,
    string VictimSessionTag,
    IReadOnlyList<FuzzIdentity> Identities,
    string TempDataCookie,
    IReadOnlyList<HarvestedForm> Forms);
