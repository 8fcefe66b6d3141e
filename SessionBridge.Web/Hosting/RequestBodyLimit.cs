using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace SessionBridge.Web.Hosting;

public static class RequestBodyLimit
{
    /// <summary>
    /// Answers 413 (with the error page) for a body over the server's limit however it is sent. Left to Kestrel, the
    /// limit trips inside whatever reads the form first — the antiforgery check or model binding — and surfaces as a
    /// misleading 400. A declared length is checked up front; a chunked body is read here (it is small or refused);
    /// a form is parsed here, so one with more fields than the form reader allows is refused as too large too.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null
                || context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
            {
                await next(context);
                return;
            }

            long? limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            var request = context.Request;
            if (request.ContentLength > limit || !await FitsAsync(context, limit))
            {
                Refuse(context);
                return;
            }

            await next(context);
        });

    private static async Task<bool> FitsAsync(HttpContext context, long? limit)
    {
        var request = context.Request;
        try
        {
            if (request.ContentLength is null && limit is { } max)
            {
                // Read at most one byte past the limit into memory; Kestrel's own limit may trip first.
                var buffer = new MemoryStream();
                byte[] chunk = new byte[16 * 1024];
                int read;
                while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    if (buffer.Length > max)
                    {
                        return false;
                    }
                }

                buffer.Position = 0;
                request.Body = buffer;
                request.ContentLength = buffer.Length;
                context.Response.RegisterForDispose(buffer);
            }

            if (request.HasFormContentType)
            {
                await request.ReadFormAsync(context.RequestAborted);
            }

            return true;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return false;
        }
        catch (InvalidDataException ex)
        {
            // The form reader's limits (field count, key and value length) and a malformed multipart body both land
            // here; either way the body is not one this app accepts.
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestBodyLimit)).BodyRefused(ex.Message);
            return false;
        }
    }

    private static void Refuse(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;

        // The client may still be sending: don't keep the connection for the rest of an oversized body.
        context.Response.Headers.Connection = "close";
    }
}
