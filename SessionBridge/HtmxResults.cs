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
        Redirect(context, url);
        return new StatusCodeResult(context.Response.StatusCode);
    }

    /// <summary>Writes the redirect on the response itself, for code that answers without an action result (an authentication handler).</summary>
    public static void Redirect(HttpContext context, string url)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.IsHtmx())
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.Htmx(h => h.Redirect(url));
            return;
        }

        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = url;
    }
}
