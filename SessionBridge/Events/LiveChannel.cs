using System.Text.Json;

namespace SessionBridge.Events;

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

    /// <summary>
    /// The HX-Trigger header value of a save, for the tab that made it: <see cref="SessionChanged"/> with the key, and
    /// also <see cref="KeyChanged"/> when the save came from somewhere else than the key's own row. Written here
    /// rather than serialized by the htmx library: it is on every save, and the serializer cost more than the save.
    /// </summary>
    public static string SavedTrigger(string key, bool keyChanged)
    {
        string name = JsonEncodedText.Encode(key).ToString();
        return keyChanged
            ? "{\"" + SessionChanged + "\":{\"key\":\"" + name + "\"},\"changed-" + name + "\":\"\"}"
            : "{\"" + SessionChanged + "\":{\"key\":\"" + name + "\"}}";
    }

    /// <summary>The id of the element that shows one key.</summary>
    public static string RowId(string key) => "row-" + key;
}
