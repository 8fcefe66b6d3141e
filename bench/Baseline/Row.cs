using System.Globalization;

namespace SessionBridge.Bench.Baseline;

/// <summary>A data-table row as SessionBridge stores it ("{unix seconds, hex}|{value}"), so both store the same bytes.</summary>
internal static class Row
{
    public static string Encode(DateTimeOffset updatedAt, string value) =>
        updatedAt.ToUnixTimeSeconds().ToString("x", CultureInfo.InvariantCulture) + "|" + value;

    public static string Decode(string stored) => stored[(stored.IndexOf('|', StringComparison.Ordinal) + 1)..];
}
