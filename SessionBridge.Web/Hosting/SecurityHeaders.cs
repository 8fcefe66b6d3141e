namespace SessionBridge.Web.Hosting;

public static class SecurityHeaders
{
    // htmx runs under this policy because its config turns off eval and its inline indicator styles.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'";

    /// <summary>CSP, nosniff, referrer policy, and Vary: HX-Request (every URL answers fragment or page by that header).</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.Vary = Htmx.HtmxRequestHeaders.Keys.Request;
            return next(context);
        });
}
