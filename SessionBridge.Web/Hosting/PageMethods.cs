using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SessionBridge.Web.Hosting;

public static class PageMethods
{
    /// <summary>
    /// Answers 405 with <c>Allow</c> when a page has no handler for the request's method. Razor Pages would otherwise
    /// render the page for any method (a PUT to /session/theme answered 200 with the table). Runs after routing, where
    /// the endpoint is the compiled page and knows its handlers.
    /// </summary>
    public static IApplicationBuilder UsePageMethods(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var page = context.GetEndpoint()?.Metadata.GetMetadata<CompiledPageActionDescriptor>();
            if (page is null || context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
            {
                return next(context);
            }

            // A page without handlers renders for GET; a page that serves GET serves HEAD.
            var allowed = page.HandlerMethods.Select(h => h.HttpMethod.ToUpperInvariant()).DefaultIfEmpty("GET").ToHashSet(StringComparer.Ordinal);
            if (allowed.Contains("GET"))
            {
                allowed.Add("HEAD");
            }

            if (allowed.Contains(context.Request.Method.ToUpperInvariant()))
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = string.Join(", ", allowed.Order(StringComparer.Ordinal));
            return Task.CompletedTask;
        });
}
