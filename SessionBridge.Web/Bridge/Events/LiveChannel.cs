namespace SessionBridge.Web.Bridge.Events;

/// <summary>
/// The live channel's contract between the server and the page, defined once: the events the stream sends and htmx
/// listens for, the header a tab names itself with, and the id of the element that shows one key (a change of key
/// "theme" is announced as "changed-theme" to "row-theme"). Pages render these names; nothing retypes them.
/// </summary>
public static class LiveChannel
{
    /// <summary>Some session value changed: HX-Trigger in the tab that saved it, an SSE event in its other tabs.</summary>
    public const string SessionChanged = "session-changed";

    /// <summary>The session ended: the page closes its stream and asks the check route where to go.</summary>
    public const string SignedOut = "signed-out";

    /// <summary>The request header that names the tab a change came from (sent by htmx from the body's hx-headers).</summary>
    public const string TabHeader = "SB-Tab";

    /// <summary>The stream's query parameter with the same tab id (EventSource cannot send headers).</summary>
    public const string TabQuery = "tab";

    /// <summary>The form field of the sign-out form with the tab id, so that tab is not told of its own sign-out.</summary>
    public const string TabField = "tab";

    /// <summary>The event that announces a change of one key.</summary>
    public static string KeyChanged(string key) => "changed-" + key;

    /// <summary>The id of the element that shows one key.</summary>
    public static string RowId(string key) => "row-" + key;
}
