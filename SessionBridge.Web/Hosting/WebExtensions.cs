using Microsoft.AspNetCore.Mvc;

namespace SessionBridge.Web.Hosting;

public static class WebExtensions
{
    /// <summary>
    /// Kestrel reads only its endpoints from the "Kestrel" section; its limits (the request body size above all) are
    /// bound here so appsettings.json sets them.
    /// </summary>
    public static void ConfigureKestrelLimits(this ConfigureWebHostBuilder webHost) =>
        webHost.ConfigureKestrel((context, kestrel) => context.Configuration.GetSection("Kestrel:Limits").Bind(kestrel.Limits));

    /// <summary>Razor Pages with the cookie TempData provider (the login handoff) and antiforgery set for htmx.</summary>
    public static IServiceCollection AddSessionBridgeWeb(this IServiceCollection services, IHostEnvironment environment)
    {
        bool development = environment.IsDevelopment();
        var securePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        string prefix = development ? "sb-" : "__Host-sb-";

        services.AddRazorPages().AddCookieTempDataProvider();
        services.Configure<CookieTempDataProviderOptions>(options =>
        {
            options.Cookie.Name = prefix + "tempdata";
            options.Cookie.Path = "/";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = securePolicy;
            options.Cookie.IsEssential = true;
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = prefix + "antiforgery";
            options.Cookie.Path = "/";
            options.Cookie.SecurePolicy = securePolicy;
            options.HeaderName = "RequestVerificationToken";
        });
        services.AddHealthChecks().AddCheck<SessionStoreHealthCheck>("session-store");
        return services;
    }
}
