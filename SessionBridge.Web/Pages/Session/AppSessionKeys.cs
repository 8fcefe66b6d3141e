using SessionBridge.Keys;

namespace SessionBridge.Web.Pages.Session;

/// <summary>
/// The keys of this app's session data table. Adding a key is one line here, plus its label (and the labels of its
/// choices) in Localization/Strings*.resx; a key that styles the page names its attribute of &lt;html&gt; here too
/// (OnHtml), and site.css follows that attribute; a key shown in a fragment outside its row names the fragment's id
/// (ShownIn), which refreshes only when the key changes (docs/session-keys.md). Theme, language and compact mode are
/// preferences of the device: they follow the visitor into the signed-in session and stay on the browser after
/// sign-out; the display name is personal and leaves with the signed-in session.
/// </summary>
public static class AppSessionKeys
{
    public const string DisplayName = "displayName";
    public const string Theme = "theme";
    public const string Language = "language";
    public const string CompactMode = "compactMode";

    /// <summary>The languages of the UI; the first is the default (see Localization/).</summary>
    public static IReadOnlyList<string> Languages { get; } = ["en", "de", "fr", "es", "nl"];

    public static IReadOnlyList<SessionKey> All { get; } =
    [
        SessionKey.Text(DisplayName, maxLength: 40, carriesOver: true)
            .ShownIn(Header.GreetingParagraph.Id),
        SessionKey.Choice(Theme, ["system", "light", "dark"], defaultValue: "system", carriesOver: true, keptAtSignOut: true)
            .OnHtml("data-theme").ShownIn(Header.ThemeModel.SwitchId),
        SessionKey.Choice(Language, Languages, defaultValue: Languages[0], carriesOver: true, keptAtSignOut: true),
        SessionKey.Flag(CompactMode, carriesOver: true, keptAtSignOut: true)
            .OnHtml("data-density", whenTrue: "compact", whenFalse: "regular"),
    ];
}
