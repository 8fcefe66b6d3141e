using System.Collections.Frozen;

namespace SessionBridge.Web.Bridge.Sessions;

/// <summary>
/// A short human label for a User-Agent ("Firefox on Linux"), enough to tell one's own devices apart. Every label
/// made here also has a one-byte code, never 0 (<see cref="Code"/>, <see cref="FromCode"/>), so a store that pays for
/// each byte of a session need not keep the words.
/// </summary>
public static class DeviceLabel
{
    private const string Unknown = "Unknown device";
    private const byte UnknownCode = 0xFF;

    // The order is the matching order (Edge's User-Agent also says Chrome and Safari). Number: the entry's half of the
    // one-byte code (browser << 4 | system), 2 to 14; 1 is the fallback name, 15 is kept for "Unknown device". A stored
    // code must keep its meaning, so a new entry takes an unused number wherever it goes in the order.
    private static readonly (string Token, string Name, byte Number)[] Browsers =
        [("Edg/", "Edge", 2), ("Firefox/", "Firefox", 3), ("Chrome/", "Chrome", 4), ("Safari/", "Safari", 5)];

    private static readonly (string Token, string Name, byte Number)[] Systems =
        [("Android", "Android", 2), ("iPhone", "iOS", 3), ("iPad", "iPadOS", 4), ("Windows", "Windows", 5), ("Mac OS X", "macOS", 6), ("Linux", "Linux", 7)];

    private static readonly (string Name, byte Number)[] BrowserNames = [("Browser", 1), .. Browsers.Select(b => (b.Name, b.Number))];

    private static readonly (string Name, byte Number)[] SystemNames = [("unknown system", 1), .. Systems.Select(s => (s.Name, s.Number))];

    private static readonly FrozenDictionary<string, byte> Codes = BrowserNames
        .SelectMany(b => SystemNames.Select(s => (Label: Label(b.Name, s.Name), Code: (byte)((b.Number << 4) | s.Number))))
        .Append((Label: Unknown, Code: UnknownCode))
        .ToFrozenDictionary(p => p.Label, p => p.Code, StringComparer.Ordinal);

    private static readonly FrozenDictionary<byte, string> Labels = Codes.ToFrozenDictionary(p => p.Value, p => p.Key);

    public static string From(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return Unknown;
        }

        string browser = Browsers.FirstOrDefault(b => userAgent.Contains(b.Token, StringComparison.Ordinal)).Name ?? BrowserNames[0].Name;
        string system = Systems.FirstOrDefault(s => userAgent.Contains(s.Token, StringComparison.Ordinal)).Name ?? SystemNames[0].Name;
        return Label(browser, system);
    }

    /// <summary>The one-byte code of a label <see cref="From"/> makes; null for any other text.</summary>
    public static byte? Code(string label) => Codes.TryGetValue(label, out byte code) ? code : null;

    /// <summary>The label of a <see cref="Code"/>; null for a byte that is no code.</summary>
    public static string? FromCode(byte code) => Labels.GetValueOrDefault(code);

    private static string Label(string browser, string system) => $"{browser} on {system}";
}
