using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using SessionBridge.Web.Bridge;

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
        var securePolicy = SessionBridgeCookies.SecurePolicy(environment);

        // The login handoff's one-time use is remembered in IDistributedCache; on Redis, AddSessionBridge has
        // registered RedisCache already and this adds nothing.
        services.AddDistributedMemoryCache();
        // No page reads jQuery-style keys ("a[b]"), and their parser throws on a malformed one ("a[b") sent by anyone.
        services.AddRazorPages()
            .AddCookieTempDataProvider()
            .AddMvcOptions(mvc =>
            {
                mvc.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
                mvc.ValueProviderFactories.RemoveType<JQueryQueryStringValueProviderFactory>();
            });
        services.Configure<CookieTempDataProviderOptions>(options =>
        {
            options.Cookie.Name = SessionBridgeCookies.Name(environment, "tempdata");
            options.Cookie.Path = "/";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = securePolicy;
            options.Cookie.IsEssential = true;
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = SessionBridgeCookies.Name(environment, "antiforgery");
            options.Cookie.Path = "/";
            options.Cookie.SecurePolicy = securePolicy;
            options.HeaderName = "RequestVerificationToken";
        });
        services.AddHealthChecks().AddCheck<SessionStoreHealthCheck>("session-store");

        // A cookie the client tampered with is logged in one line by these wrappers, not as an error with a stack
        // trace by the stock components on every request that carries it.
        Decorate<ITempDataProvider>(services, (sp, inner) => ActivatorUtilities.CreateInstance<OneLineTempDataProvider>(sp, inner));
        Decorate<IAntiforgery>(services, (sp, inner) => ActivatorUtilities.CreateInstance<OneLineAntiforgery>(sp, inner));
        Decorate<IAntiforgery>(services, (sp, inner) => ActivatorUtilities.CreateInstance<Security.RememberedAntiforgery>(sp, inner));
        services.AddLogging(logging => logging
            .AddFilter("Microsoft.AspNetCore.Antiforgery", LogLevel.None)
            .AddFilter("Microsoft.AspNetCore.Mvc.ViewFeatures.CookieTempDataProvider", LogLevel.None));
        return services;
    }

    private static void Decorate<TService>(IServiceCollection services, Func<IServiceProvider, TService, TService> decorate)
        where TService : class
    {
        var inner = services.Last(d => d.ServiceType == typeof(TService));
        services.Remove(inner);
        services.Add(ServiceDescriptor.Describe(typeof(TService), sp => decorate(sp, (TService)Create(sp, inner)), inner.Lifetime));
    }

    private static object Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);
}
