using SessionBridge.Web.Bridge.Keys;

namespace SessionBridge.Web.Pages.Session;

/// <summary>The keys of this app's session data table. Adding a key is one line here and nothing else.</summary>
public static class AppSessionKeys
{
    public const string DisplayName = "displayName";
    public const string Theme = "theme";

    public static IReadOnlyList<SessionKey> All { get; } =
    [
        SessionKey.Text(DisplayName, "Display name", maxLength: 40, carriesOver: true),
        SessionKey.Choice(Theme, "Theme", ["system", "light", "dark"], carriesOver: true),
        SessionKey.Choice("language", "Language", ["en", "de", "fr", "es", "nl"], carriesOver: true),
        SessionKey.Flag("compactMode", "Compact mode"),
    ];
}
