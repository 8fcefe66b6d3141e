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
}
