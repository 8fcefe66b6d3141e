using SessionBridge.Keys;
using SessionBridge.Store;

namespace SessionBridge.Web.Pages.Session;

/// <summary>
/// What a page shows of one key besides the element a save came from, rendered out of band by _KeyShown: in a save's
/// answer for the tab that saved (<see cref="SaveAnswer"/>), and over the live channel for the session's other tabs
/// (<see cref="LiveChangeRenderer"/>). Either way the tab asks for nothing more.
/// </summary>
/// <param name="Row">The key's row as it is now.</param>
/// <param name="Page">The local URL of the tab's page: where its forms send a browser without JavaScript back to.</param>
/// <param name="WithRow">The page shows the key's row (the session table) and the row is not the element that saved.</param>
/// <param name="Inspector">The store inspector, on the session table in Development; else null.</param>
public sealed record KeyShown(SessionRow Row, string Page, bool WithRow, SessionFootprint? Inspector)
{
    /// <summary>The view data entry that marks a fragment hx-swap-oob and names the page (<see cref="Page"/>).</summary>
    public const string OutOfBandPage = "OutOfBandPage";

    /// <summary>Whether anything is rendered: the key shows in a fragment, its row or the inspector.</summary>
    public bool Any => Row.Key.Fragments.Count > 0 || WithRow || Inspector is not null;

    /// <summary>True for the session table (GET /session, and the page a save without JavaScript renders).</summary>
    public static bool ShowsRows(string page)
    {
        ArgumentNullException.ThrowIfNull(page);
        string path = page.Split('?', 2)[0];
        return path == "/session" || path.StartsWith("/session/", StringComparison.Ordinal);
    }
}
