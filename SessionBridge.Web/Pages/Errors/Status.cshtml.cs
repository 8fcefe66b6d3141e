using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SessionBridge.Web.Bridge.Sessions;
using SessionBridge.Web.Localization;

namespace SessionBridge.Web.Pages.Errors;

/// <summary>
/// /error/{code}: the human page behind every empty error response (re-executed by UseStatusCodePages). An htmx
/// request gets the message alone, retargeted to the page's alert region so it never lands inside a fragment.
/// </summary>
[AllowEndedSession]
[IgnoreAntiforgeryToken]
public sealed class StatusModel(IStringLocalizer<Strings> text) : PageModel
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
            400 => text["Error.400"],
            404 => text["Error.404"],
            405 => text["Error.405"],
            413 => text["Error.413"],
            429 => text["Error.429"],
            503 => text["Error.503"],
            _ => text["Error.Other"],
        };
        if (Request.IsHtmx())
        {
            Response.Htmx(h => h.Retarget("#alerts").Reswap("innerHTML"));
            return Partial("_Alert", Message);
        }

        return Page();
    }
}
