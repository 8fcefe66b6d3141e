using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using SessionBridge.Store;

namespace SessionBridge.Web.Hosting;

public static class WebExtensions
{
    /// <summary>
    /// Kestrel reads only its endpoints from the "Kestrel" section; its limits (the request body size above all) are
    /// bound here so appsettings.json sets them.
    /// </summary>
    public static void ConfigureKestrelLimits(this ConfigureWebHostBuilder webHost) =>
        webHost.ConfigureKestrel((context, kestrel) => context.Configuration.GetSection("Kestrel:Limits").Bind(kestrel.Limits));

    /// <summary>Razor Pages as the product uses them, and the health check of the session store.</summary>
    public static IServiceCollection AddWebPages(this IServiceCollection services)
    {
        // No page reads jQuery-style keys ("a[b]"), and their parser throws on a malformed one ("a[b") sent by anyone.
        services.AddRazorPages()
            .AddMvcOptions(mvc =>
            {
                mvc.ValueProviderFactories.RemoveType<JQueryFormValueProviderFactory>();
                mvc.ValueProviderFactories.RemoveType<JQueryQueryStringValueProviderFactory>();
            });
        services.AddHealthChecks().AddSessionStore();
        return services;
    }
}
