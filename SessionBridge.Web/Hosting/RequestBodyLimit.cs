using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SessionBridge.Web.Hosting;

/// <summary>
/// Judges the body of a request for a page before anything else reads it, so every body that cannot be read gets one
/// clear status with the error page, and one log line: 413 too large however it is sent, 415 content that is not a
/// form or a form in a charset this app does not read, 400 a form that does not parse, 408 a body that stalls. Left to the
/// readers (the antiforgery check, model binding), the same bodies surface as a misleading 400, or escape as
/// exceptions (a 500 with a stack trace in the log, and on the page in Development).
/// <para>
/// The form is parsed here, after routing, not before it: only a page reads a body (a form), so a request for no
/// page (404), for a page that does not serve its method (405) or for a static file is answered without reading
/// one, and the limit in force is the one the endpoint's request runs with. The error pages re-executed for a
/// refusal or an exception skip this, so a broken body is read once, never again by the page that reports it.
/// </para>
/// </summary>
public static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<CompiledPageActionDescriptor>() is null
                || context.Features.Get<IStatusCodeReExecuteFeature>() is not null
                || context.Features.Get<IExceptionHandlerFeature>() is not null
                || context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
            {
                await next(context);
                return;
            }

            if (await JudgeAsync(context) is { } refusal)
            {
                Refuse(context, refusal);
                return;
            }

            await next(context);
        });

    /// <summary>Null when the body may go on to the page (its form parsed and cached); otherwise the refusal.</summary>
    private static async Task<BodyRefusal?> JudgeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize)
        {
            return BodyRefusal.DeclaredTooLarge;
        }

        try
        {
            if (!request.HasFormContentType)
            {
                // Pages read forms only; an empty body (a POST with nothing to send) is none of this.
                return await IsEmptyAsync(request, context.RequestAborted) ? null : BodyRefusal.NotAForm;
            }

            if (BodyRefusal.OfFormType(request.ContentType) is { } refusal)
            {
                return refusal;
            }

            await request.ReadFormAsync(context.RequestAborted);
            return null;
        }
        catch (Exception ex) when (BodyRefusal.Of(ex, context.RequestAborted.IsCancellationRequested) is { } refusal)
        {
            return refusal;
        }
    }

    private static async Task<bool> IsEmptyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length)
        {
            return length == 0;
        }

        // Chunked: one byte read tells; the body is refused anyway if it has one.
        byte[] probe = new byte[1];
        return await request.Body.ReadAsync(probe, cancellationToken) == 0;
    }

    private static void Refuse(HttpContext context, BodyRefusal refusal)
    {
        Logger(context).BodyRefused(context.Request.Method, context.GetEndpoint()!.DisplayName, refusal.Status, refusal.Reason);
        if (refusal == BodyRefusal.Abandoned)
        {
            // Nobody to answer, and nothing else runs for it.
            context.Abort();
            return;
        }

        context.Response.StatusCode = refusal.Status;

        // The client may still be sending (or stalled): don't keep the connection for the rest of the body.
        context.Response.Headers.Connection = "close";
    }

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestBodyLimit));
}
