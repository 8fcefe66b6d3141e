using Htmx;
using Microsoft.AspNetCore.Mvc;

namespace SessionBridge;

/// <summary>
/// Answers that differ for htmx and for plain requests. htmx follows a 3xx silently inside its XHR, so an htmx request
/// is sent elsewhere with HX-Redirect; a plain form post gets 303 See Other so the browser GETs the next page.
/// </summary>
public static class HtmxResults
{
    public static IActionResult RedirectFor(HttpContext context, string url)
    {
        if (context.Request.IsHtmx())
        {
            context.Response.Htmx(h => h.Redirect(url));
            return new OkResult();
        }

        context.Response.Headers.Location = url;
        return new StatusCodeResult(StatusCodes.Status303SeeOther);
    }
}
