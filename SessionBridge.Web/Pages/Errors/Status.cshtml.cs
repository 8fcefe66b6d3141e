using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionBridge.Web.Bridge.Sessions;
using SessionBridge.Web.Bridge.Store;

namespace SessionBridge.Web.Pages.Errors;

/// <summary>
/// /error/{code}: the human page behind every empty error response (re-executed by UseStatusCodePages). An htmx
/// request gets the message alone, retargeted to the page's alert region so it never lands inside a fragment.
/// </summary>
[AllowEndedSession]
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }

    public string Message { get; private set; } = string.Empty;

    // No model binding: for a re-executed POST it would read the body, which may be the too-large one being refused.
    public IActionResult OnGet() => Render();

    public IActionResult OnPost() => Render();

    private IActionResult Render()
    {
        int code = int.Parse((string)RouteData.Values["code"]!, System.Globalization.CultureInfo.InvariantCulture);
        Code = code;
        Message = code switch
        {
            400 => "The request could not be accepted. If you submitted a form, it may have expired: reload the page and try again.",
            404 => "There is nothing at this address.",
            405 => "This address does not accept that kind of request.",
            413 => "The request was too large.",
            429 => "Too many attempts. Wait a moment and try again.",
            503 => SessionStoreUnavailableException.UserMessageFor(Request.Method),
            _ => "Something went wrong on our side. Nothing was changed; try again in a moment.",
        };
        if (Request.IsHtmx())
        {
            Response.Htmx(h => h.Retarget("#alerts").Reswap("innerHTML"));
            return Partial("_Alert", Message);
        }

        return Page();
    }
}
