using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace SessionBridge.Web.Hosting;

public static class RequestBodyLimit
{
    /// <summary>
    /// Answers 413 (with the error page) as soon as a declared body is over the server's limit. Left to Kestrel, the
    /// limit trips inside whatever reads the form first — the antiforgery check — and surfaces as a misleading 400.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            long? limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            if (context.Request.ContentLength > limit && context.Features.Get<IStatusCodeReExecuteFeature>() is null)
            {
                context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return Task.CompletedTask;
            }

            return next(context);
        });
}
