namespace SessionBridge.Web.Pages.Login;

public static class LoginExtensions
{
    /// <summary>The login page's own services: its attempt limits ("LoginRateLimit" in appsettings.json).</summary>
    public static IServiceCollection AddLogin(this IServiceCollection services)
    {
        services.AddOptions<LoginRateLimitOptions>().BindConfiguration(LoginRateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<LoginAttempts>();
        return services;
    }

    /// <summary>The client's address as the limits count it (after forwarded headers from trusted proxies).</summary>
    public static string ClientAddress(this HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>Retry-After in whole seconds, never 0 (a fixed window may be about to close).</summary>
    public static void SetRetryAfter(this HttpResponse response, TimeSpan retryAfter) =>
        response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
