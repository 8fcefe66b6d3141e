using Htmx;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SessionBridge.Sessions;
using SessionBridge.Store;
using SessionBridge.Web.Hosting;
using SessionBridge.Web.Localization;

namespace SessionBridge.Web.Pages.Errors;

/// <summary>
/// /error/{code}: the human page behind every empty error response (re-executed by UseStatusCodePages). An htmx
/// request gets the message alone, retargeted to the page's alert region so it never lands inside a fragment.
/// It has no handlers, so it renders for whatever method the refused request had (a PUT refused with 405 too), and
/// nothing is model-bound: a re-executed POST's body may be the too-large one being refused.
/// </summary>
[AllowAnonymous]
[AllowEndedSession]
[IgnoreAntiforgeryToken]
public sealed class StatusModel(IStringLocalizer<Strings> text) : PageModel
{
    public int Code { get; private set; }

    public string Message { get; private set; } = string.Empty;

    /// <summary>Where "Try again" leads after an outage: the address that failed, when it was a page.</summary>
    public string? RetryUrl { get; private set; }

    // Not a handler (it would be "OnPage…"): the hook that answers every method, OPTIONS and unknown ones included.
    [NonHandler]
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        Code = int.Parse((string)RouteData.Values["code"]!, System.Globalization.CultureInfo.InvariantCulture);
        Message = Code switch
        {
            400 => text["Error.400"],
            403 => text["Error.403"],
            404 => text["Error.404"],
            405 => text["Error.405"],
            408 => text["Error.408"],
            413 => text["Error.413"],
            415 => text["Error.415"],
            429 => text["Error.429"],
            503 => text[SessionStoreUnavailableException.IsRead(Request.Method) ? "Error.503.Load" : "Error.503.Save"],
            _ => text["Error.Other"],
        };

        // The start page needs the store too; during an outage the useful link is the one that failed. That address is
        // what the client asked for: escaped as a path ("/\x" becomes "/%5Cx") and then only if it stays on this site
        // ("//evil.example/" is a link to another host), otherwise the start page.
        if (Code == StatusCodes.Status503ServiceUnavailable && HttpMethods.IsGet(Request.Method)
            && HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is { } original)
        {
            string path = new PathString(original.OriginalPathBase).Add(new PathString(original.OriginalPath)).ToUriComponent();
            RetryUrl = LocalUrl.OrDefault(Url, path + original.OriginalQueryString, "/");
        }

        // The result is set here, for whatever method the refused request had: left to handler selection, a method
        // the page has no handler for (OPTIONS) renders nothing, and the refusal's status with it. Asked for directly
        // (GET /error/500), the page is just a page.
        if (HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            Response.StatusCode = Code;
        }

        if (Request.IsHtmx())
        {
            Response.Htmx(h => h.Retarget("#alerts").Reswap("innerHTML"));
            context.Result = Partial("_Alert", Message);
        }
        else
        {
            context.Result = Page();
        }
    }
}
