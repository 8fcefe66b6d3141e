using Htmx;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionBridge.Web.Bridge.Sessions;
using SessionBridge.Web.Bridge.Store;

namespace SessionBridge.Web.Pages.Errors;

/// <summary>
/// /error/{code}: the human page behind every empty error response (re-executed by UseStatusCodePages). An htmx
/// request gets the message alone, retargeted to the page's alert region so it never lands inside a fragment.
/// It has no handlers, so it renders for whatever method the refused request had (a PUT refused with 405 too), and
/// nothing is model-bound: a re-executed POST's body may be the too-large one being refused.
/// </summary>
[AllowEndedSession]
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public int Code { get; private set; }

    public string Message { get; private set; } = string.Empty;

    /// <summary>Where "Try again" leads after an outage: the address that failed, when it was a page.</summary>
    public string? RetryUrl { get; private set; }

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        Code = int.Parse((string)RouteData.Values["code"]!, System.Globalization.CultureInfo.InvariantCulture);
        Message = Code switch
        {
            400 => "The request could not be accepted. If you submitted a form, it may have expired: reload the page and try again.",
            404 => "There is nothing at this address.",
            405 => "This address does not accept that kind of request.",
            413 => "The request was too large.",
            429 => "Too many attempts. Wait a moment and try again.",
            503 => SessionStoreUnavailableException.UserMessage,
            _ => "Something went wrong on our side. Nothing was changed; try again in a moment.",
        };

        // The start page needs the store too; during an outage the useful link is the one that failed.
        if (Code == StatusCodes.Status503ServiceUnavailable && HttpMethods.IsGet(Request.Method)
            && HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is { } original)
        {
            RetryUrl = original.OriginalPathBase + original.OriginalPath + original.OriginalQueryString;
        }

        if (Request.IsHtmx())
        {
            Response.Htmx(h => h.Retarget("#alerts").Reswap("innerHTML"));
            context.Result = Partial("_Alert", Message);
        }
    }
}
