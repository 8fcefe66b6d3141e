using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace SessionBridge.Web.Hosting;

public static class RequestBodyLimit
{
    /// <summary>
    /// Answers 413 (with the error page) for a body over the server's limit however it is sent. Left to Kestrel, the
    /// limit trips inside whatever reads the form first — the antiforgery check or model binding — and surfaces as a
    /// misleading 400. A declared length is checked up front; a chunked body is read here (it is small or refused);
    /// a form is parsed here, so one with more fields than the form reader allows is refused as too large too, and one
    /// in a charset that cannot be decoded is refused with 415.
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
            if (request.ContentLength > limit)
            {
                Refuse(context, StatusCodes.Status413PayloadTooLarge);
                return;
            }

            int? refusal = await ReadAsync(context, limit);
            if (refusal is { } status)
            {
                Refuse(context, status);
                return;
            }

            await next(context);
        });

    /// <summary>Null when the body may go on to the app; otherwise the status that refuses it.</summary>
    private static async Task<int?> ReadAsync(HttpContext context, long? limit)
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
                        return StatusCodes.Status413PayloadTooLarge;
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

            return null;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return StatusCodes.Status413PayloadTooLarge;
        }
        catch (InvalidDataException ex)
        {
            // The form reader's limits (field count, key and value length) and a malformed multipart body both land
            // here; either way the body is not one this app accepts.
            Logger(context).BodyRefused(Bridge.ClientText.ForLog(ex.Message));
            return StatusCodes.Status413PayloadTooLarge;
        }
        catch (Exception ex) when (ex is NotSupportedException or ArgumentException)
        {
            // A charset that .NET cannot or will not decode (charset=utf-7, charset=nonsense).
            Logger(context).BodyRefused(Bridge.ClientText.ForLog(ex.Message));
            return StatusCodes.Status415UnsupportedMediaType;
        }
    }

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestBodyLimit));

    private static void Refuse(HttpContext context, int status)
    {
        context.Response.StatusCode = status;

        // The client may still be sending: don't keep the connection for the rest of an oversized body.
        context.Response.Headers.Connection = "close";
    }
}
