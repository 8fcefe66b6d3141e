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
    IReadOnlyList<HarvestedForm> Forms)
{
    /// <summary>Whether the request carries something of the victim's: a cookie made from hers, or her session's tag.</summary>
    public bool TouchesVictim(FuzzRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string body = request.Body is { } b ? System.Text.Encoding.UTF8.GetString(b.Bytes) : "";
        return body.Contains(VictimSessionTag, StringComparison.Ordinal)
            || request.Cookies.Any(c => VictimCookies.Any(v => LooksMadeFrom(c.Value, v.Value)));
    }

    // A bit flip changes one or two characters and a cut keeps the start: one end of the value is still hers.
    // (Data Protection payloads all start with the same 27 characters: magic header and key id.)
    private static bool LooksMadeFrom(string value, string original) =>
        value.Length >= 16 && original.Length >= 16
        && (value.StartsWith(original[..Math.Min(32, original.Length - 8)], StringComparison.Ordinal) || value.EndsWith(original[^8..], StringComparison.Ordinal));
}
