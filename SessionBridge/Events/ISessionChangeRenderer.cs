using SessionBridge.Keys;

namespace SessionBridge.Events;

/// <summary>
/// Renders what a tab shows of a key that another tab of its session changed, for the live channel to send it as
/// <see cref="LiveChannel.Rendered"/>: the tab swaps it in out of band and asks for nothing. Registered by the app
/// (one per app); without one the stream names what changed instead (<see cref="LiveChannel.KeyChanged"/>,
/// <see cref="LiveChannel.FragmentChanged"/>) and every element showing the key asks for itself, a request each.
/// </summary>
public interface ISessionChangeRenderer
{
    /// <param name="context">
    /// The stream's request: its session holds the values of the check the stream made before this event, its user is
    /// the tab's. Its response has started, so a form rendered here gets the antiforgery tokens the stream stored
    /// before it started.
    /// </param>
    /// <param name="key">The key that changed.</param>
    /// <param name="page">The local URL of the tab's page (path and query), as the tab named it.</param>
    /// <param name="cancellationToken">Ends with the stream.</param>
    /// <returns>
    /// Elements marked hx-swap-oob, only for elements the page has (htmx reports an error for an out-of-band element
    /// without a target), a table row inside a &lt;template&gt;; empty when the page shows nothing of the key.
    /// </returns>
    Task<string> RenderAsync(HttpContext context, SessionKey key, string page, CancellationToken cancellationToken);
}
