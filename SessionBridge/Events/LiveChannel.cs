using System.Text.Json;
using SessionBridge.Keys;

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

    /// <summary>
    /// A key shown on &lt;html&gt; changed (<see cref="SessionKey.OnHtml(string)"/>): the detail is the attribute and
    /// its new value, <c>{"data-theme":"dark"}</c>, which the library's script (_content/SessionBridge/session-html.js)
    /// sets. HX-Trigger in the tab that saved it, an SSE event in its other tabs: no tab asks for it.
    /// </summary>
    public const string HtmlChanged = "html-changed";

    /// <summary>
    /// What changed, rendered for this tab by the app's <see cref="ISessionChangeRenderer"/>: elements marked
    /// hx-swap-oob, swapped in by the hidden listener the live channel renders, so the tab asks for nothing.
    /// </summary>
    public const string Rendered = "session-rendered";

    /// <summary>The session ended: the page closes its stream and asks the check route where to go.</summary>
    public const string SignedOut = "signed-out";

    /// <summary>The request header that names the tab a change came from (sent by htmx from the body's hx-headers).</summary>
    public const string TabHeader = "SB-Tab";

    /// <summary>The stream's query parameter with the same tab id (EventSource cannot send headers).</summary>
    public const string TabQuery = "tab";

    /// <summary>The stream's query parameter with the local URL of the tab's page, which says what the page shows.</summary>
    public const string PageQuery = "page";

    /// <summary>The form field of the sign-out form with the tab id, so that tab is not told of its own sign-out.</summary>
    public const string TabField = "tab";

    /// <summary>The event that announces a change of one key.</summary>
    public static string KeyChanged(string key) => "changed-" + key;

    /// <summary>
    /// The HX-Trigger header value of a save, for the tab that made it: <see cref="SessionChanged"/> with the key, also
    /// <see cref="KeyChanged"/> when the save came from somewhere else than the key's own row,
    /// and <see cref="HtmlChanged"/> when the key shows on &lt;html&gt;. Not <see cref="FragmentChanged"/> (the fragments are only named, as
    /// <c>shownIn</c>): the answer
    /// itself carries the fragments that show the key, out of band, so the tab that saved sends no request for them
    /// (the session's other tabs still hear it on the stream). Written here rather than serialized by the htmx library: it is on every save, and the
    /// serializer cost more than the save.
    /// </summary>
    public static string SavedTrigger(SessionRow saved, bool keyChanged)
    {
        ArgumentNullException.ThrowIfNull(saved);
        string name = JsonEncodedText.Encode(saved.Key.Name).ToString();
        string trigger = "{\"" + SessionChanged + "\":{\"key\":\"" + name + "\"" + FragmentsJson(saved.Key) + "}";
        if (keyChanged)
        {
            trigger += ",\"changed-" + name + "\":\"\"";
        }

        if (HtmlAttributes(saved) is { } html)
        {
            trigger += ",\"" + HtmlChanged + "\":" + html;
        }

        return trigger + "}";
    }

    /// <summary>
    /// <c>,"shownIn":["greeting"]</c>: the fragments that show the key, named in <see cref="SessionChanged"/>'s detail
    /// for a visitor's other tabs, which hear the save over a BroadcastChannel rather than the stream
    /// (session-html.js asks them for <see cref="FragmentChanged"/>); empty when none does.
    /// </summary>
    private static string FragmentsJson(SessionKey key) => key.Fragments.Count == 0
        ? string.Empty
        : ",\"shownIn\":[" + string.Join(',', key.Fragments.Select(id => "\"" + JsonEncodedText.Encode(id) + "\"")) + "]";

    /// <summary>
    /// The detail of <see cref="HtmlChanged"/> for a row, <c>{"data-theme":"dark"}</c> (JSON, ASCII only so it fits
    /// a header); null when its key is not shown on &lt;html&gt;.
    /// </summary>
    public static string? HtmlAttributes(SessionRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row.Key.Html is { } html
            ? "{\"" + html.Name + "\":\"" + JsonEncodedText.Encode(html.ValueFor(row.Value)) + "\"}"
            : null;
    }

    /// <summary>
    /// The event that tells a fragment showing a changed key (<see cref="SessionKey.ShownIn"/>) to refresh:
    /// "refresh-greeting" for the element with id "greeting". Only the fragments that show the key hear of it.
    /// </summary>
    public static string FragmentChanged(string fragmentId) => "refresh-" + fragmentId;

    /// <summary>The id of the element that shows one key.</summary>
    public static string RowId(string key) => "row-" + key;
}
