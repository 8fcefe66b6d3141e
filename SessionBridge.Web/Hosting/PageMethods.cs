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
            string method = context.Request.Method;
            if (page is null || HttpMethods.IsGet(method) || HttpMethods.IsHead(method)
                || context.Features.Get<IStatusCodeReExecuteFeature>() is not null
                || page.HandlerMethods.Any(h => string.Equals(h.HttpMethod, method, StringComparison.OrdinalIgnoreCase)))
            {
                return next(context);
            }

            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = string.Join(", ", page.HandlerMethods
                .Select(h => h.HttpMethod.ToUpperInvariant())
                .Prepend("HEAD")
                .Prepend("GET")
                .Distinct(StringComparer.Ordinal));
            return Task.CompletedTask;
        });
}
