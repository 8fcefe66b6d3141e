using System.Collections.Frozen;

namespace SessionBridge.Sessions;

/// <summary>
/// A short human label for a User-Agent ("Firefox on Linux"), enough to tell one's own devices apart. Every label
/// made here also has a one-byte code, never 0 (<see cref="Code"/>, <see cref="FromCode"/>), so a store that pays for
/// each byte of a session need not keep the words.
/// </summary>
internal static class DeviceLabel
{
    private const string Unknown = "Unknown device";
    private const string OtherBrowser = "Browser";
    private const string OtherSystem = "unknown system";

    // The order is the matching order (Edge's User-Agent also says Chrome and Safari).
    private static readonly (string Token, string Name)[] Browsers =
        [("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari")];

    private static readonly (string Token, string Name)[] Systems =
        [("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux")];

    // Stored in every Redis session (format version 0 onwards), so a code keeps its label forever: this table only grows,
    // a new label takes a code no row has had, and a label that is no longer made keeps its row. The order of the arrays
    // above means nothing here. Codes 0x11-0x57 happen to read browser << 4 | system; 0 means "the label as text follows".
    private static readonly FrozenDictionary<byte, string> Labels = new Dictionary<byte, string>
    {
        [0x11] = "Browser on unknown system",
        [0x12] = "Browser on Android",
        [0x13] = "Browser on iOS",
        [0x14] = "Browser on iPadOS",
        [0x15] = "Browser on Windows",
        [0x16] = "Browser on macOS",
        [0x17] = "Browser on Linux",
        [0x21] = "Edge on unknown system",
        [0x22] = "Edge on Android",
        [0x23] = "Edge on iOS",
        [0x24] = "Edge on iPadOS",
        [0x25] = "Edge on Windows",
        [0x26] = "Edge on macOS",
        [0x27] = "Edge on Linux",
        [0x31] = "Firefox on unknown system",
        [0x32] = "Firefox on Android",
        [0x33] = "Firefox on iOS",
        [0x34] = "Firefox on iPadOS",
        [0x35] = "Firefox on Windows",
        [0x36] = "Firefox on macOS",
        [0x37] = "Firefox on Linux",
        [0x41] = "Chrome on unknown system",
        [0x42] = "Chrome on Android",
        [0x43] = "Chrome on iOS",
        [0x44] = "Chrome on iPadOS",
        [0x45] = "Chrome on Windows",
        [0x46] = "Chrome on macOS",
        [0x47] = "Chrome on Linux",
        [0x51] = "Safari on unknown system",
        [0x52] = "Safari on Android",
        [0x53] = "Safari on iOS",
        [0x54] = "Safari on iPadOS",
        [0x55] = "Safari on Windows",
        [0x56] = "Safari on macOS",
        [0x57] = "Safari on Linux",
        [0xFF] = Unknown,
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, byte> Codes = Labels.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);

    public static string From(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return Unknown;
        }

        string browser = Browsers.FirstOrDefault(b => userAgent.Contains(b.Token, StringComparison.Ordinal)).Name ?? OtherBrowser;
        string system = Systems.FirstOrDefault(s => userAgent.Contains(s.Token, StringComparison.Ordinal)).Name ?? OtherSystem;
        return Label(browser, system);
    }

    /// <summary>The one-byte code of a label <see cref="From"/> makes; null for any other text.</summary>
    public static byte? Code(string label) => Codes.TryGetValue(label, out byte code) ? code : null;

    /// <summary>The label of a <see cref="Code"/>; null for a byte that is no code.</summary>
    public static string? FromCode(byte code) => Labels.GetValueOrDefault(code);

    private static string Label(string browser, string system) => $"{browser} on {system}";
}
