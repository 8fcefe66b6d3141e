namespace SessionBridge.Web.Bridge.Sessions;

/// <summary>A short human label for a User-Agent ("Firefox on Linux"), enough to tell one's own devices apart.</summary>
public static class DeviceLabel
{
    private static readonly (string Token, string Name)[] Browsers =
        [("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari")];

    private static readonly (string Token, string Name)[] Systems =
        [("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iPadOS"), ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux")];

    public static string From(string? userAgent)
    {
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return "Unknown device";
        }

        string browser = Browsers.FirstOrDefault(b => userAgent.Contains(b.Token, StringComparison.Ordinal)).Name ?? "Browser";
        string system = Systems.FirstOrDefault(s => userAgent.Contains(s.Token, StringComparison.Ordinal)).Name ?? "unknown system";
        return $"{browser} on {system}";
    }
}
