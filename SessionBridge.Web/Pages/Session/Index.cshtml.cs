using Htmx;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SessionBridge;
using SessionBridge.Events;
using SessionBridge.Keys;
using SessionBridge.Sessions;
using SessionBridge.Store;
using SessionBridge.Web.Hosting;
using SessionBridge.Web.Localization;

namespace SessionBridge.Web.Pages.Session;

/// <summary>
/// GET /session: this session's data table. POST /session/{key}: sets one key from the form field "value"; the
/// answer is the row's <see cref="UpdatedCell"/>, the fragments that show the key out of band (<see cref="SaveAnswer"/>),
/// and HX-Trigger (<see cref="LiveChannel.SavedTrigger"/>), so &lt;html&gt; takes its new value: one request in all.
/// Without JavaScript every row is a form that round-trips with a 303.
/// </summary>
[AllowAnonymous]
public sealed partial class IndexModel(
    SessionDataTable table,
    IWebHostEnvironment environment,
    SessionKeyText keyText,
    IStringLocalizer<Strings> text,
    ILogger<IndexModel> logger) : PageModel
{
    public IReadOnlyList<SessionRow> Rows { get; private set; } = [];

    /// <summary>The row that failed to save and why, shown next to its field.</summary>
    public (string Key, string Message)? Failure { get; private set; }

    public SessionFootprint? Inspector { get; private set; }

    public string? AlertMessage { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? key, CancellationToken cancellationToken)
    {
        // A row refreshes itself with GET /session/{key} when another tab changed its key.
        if (key is not null && Request.IsHtmx())
        {
            return table.Read(HttpContext.Session, key) is { } row ? Partial("_SessionRow", new SessionRowView(row, null)) : NotFound();
        }

        Rows = table.Read(HttpContext.Session);
        Inspector = await InspectAsync(cancellationToken);
        return Page();
    }

    // The key comes from the route only: a form field named "key" must not redirect the write to another key. Read
    // straight from the route and the form (which the antiforgery check has read already) rather than through model
    // binding: on this path binding parameters (even a CancellationToken) cost more CPU than the handler itself
    // (docs/benchmarks.md).
    public async Task<IActionResult> OnPostAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        string key = RouteData.Values["key"] as string ?? string.Empty;
        var form = Request.HasFormContentType ? await Request.ReadFormAsync(cancellationToken) : FormCollection.Empty;
        var value = form["value"];
        string? returnUrl = form["returnUrl"];

        // A checkbox posts a hidden "false" before its "true": the last value is the one the user chose. No value at
        // all is refused rather than read as "clear this key".
        var save = await table.SaveAsync(HttpContext, key, value.Count > 0 ? value[^1] : null, cancellationToken);
        switch (save.Outcome)
        {
            case SessionSaveOutcome.UnknownKey:
                LogRefused(logger, "unknown key", ClientText.ForLog(key));
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return await AlertAsync(text["Session.UnknownKey", key], cancellationToken);

            case SessionSaveOutcome.Invalid:
                LogRefused(logger, "invalid value", ClientText.ForLog(key));
                return await RowOrPageAsync(save.Row!, keyText.Error(save.Row!.Key, save.Error!.Value), StatusCodes.Status422UnprocessableEntity, cancellationToken);

            case SessionSaveOutcome.NotSaved:
                return await RowOrPageAsync(save.Row!, text["Session.NotSaved"], StatusCodes.Status503ServiceUnavailable, cancellationToken);
        }

        if (!Request.IsHtmx())
        {
            return HtmxResults.RedirectFor(HttpContext, LocalUrl.OrDefault(Url, returnUrl, "/session"));
        }

        // The row that saved is fresh already. The answer carries what else the tab's page shows of the key, out of
        // band (KeyShown): the header fragments, the row when the save came from elsewhere (the header switch), the
        // Development inspector. So no key's change event is triggered here: nothing is left to ask for.
        string name = save.Row!.Key.Name;
        Request.IsHtmx(out var htmx);
        Response.Headers[HtmxResponseHeaders.Keys.Trigger] = LiveChannel.SavedTrigger(save.Row!, keyChanged: false);

        // Only a row that showed an error targets itself (see _SessionRow): it is re-rendered to clear the message.
        // Every other save answers the small "Updated" cell, without a form or a fresh antiforgery token.
        bool wholeRow = htmx?.Target == SessionRowIds.Row(name);
        bool fromRow = wholeRow || htmx?.Target == SessionRowIds.Updated(name);
        string page = PageOf(htmx?.CurrentUrl);
        bool rows = KeyShown.ShowsRows(page);
        var shown = new KeyShown(save.Row!, page, WithRow: rows && !fromRow, rows ? await InspectAsync(cancellationToken) : null);
        return wholeRow || shown.Any
            ? Partial("_SaveAnswer", new SaveAnswer(shown, wholeRow))
            : new UpdatedCell(save.Row!, text).ToAnswer(HttpContext);
    }

    /// <summary>
    /// The local URL of the tab's page, from HX-Current-URL (absolute); the root when it names none of this site. It
    /// becomes the returnUrl of the forms the answer renders.
    /// </summary>
    private string PageOf(string? currentUrl) =>
        Uri.TryCreate(currentUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? LocalUrl.OrDefault(Url, url.PathAndQuery, "/") : "/";

    private async Task<IActionResult> RowOrPageAsync(SessionRow row, string message, int status, CancellationToken cancellationToken)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            Response.Headers.RetryAfter = "5";
        }

        if (Request.IsHtmx(out var htmx))
        {
            // A save from the row targets its "Updated" cell; the message belongs next to the field, in the whole row.
            if (htmx?.Target == SessionRowIds.Updated(row.Key.Name))
            {
                Response.Htmx(h => h.Retarget("#" + SessionRowIds.Row(row.Key.Name)).Reswap("outerHTML"));
            }

            return Partial("_SessionRow", new SessionRowView(row, message));
        }

        Failure = (row.Key.Name, message);
        Rows = [.. table.Read(HttpContext.Session).Select(r => r.Key == row.Key ? row : r)];
        Inspector = await InspectAsync(cancellationToken);
        return Page();
    }

    private async Task<IActionResult> AlertAsync(string message, CancellationToken cancellationToken)
    {
        if (Request.IsHtmx())
        {
            // The request's target is a row that does not exist: the message goes to the page's alert region.
            Response.Htmx(h => h.Retarget("#alerts").Reswap("innerHTML"));
            return Partial("_Alert", message);
        }

        AlertMessage = message;
        Rows = table.Read(HttpContext.Session);
        Inspector = await InspectAsync(cancellationToken);
        return Page();
    }

    private async Task<SessionFootprint?> InspectAsync(CancellationToken cancellationToken) =>
        environment.IsDevelopment() ? await HttpContext.BridgeSession().DescribeAsync(cancellationToken) : null;

    [LoggerMessage(50, LogLevel.Information, "Session write refused ({Why}) for key {Key}")]
    private static partial void LogRefused(ILogger logger, string why, string key);

}
