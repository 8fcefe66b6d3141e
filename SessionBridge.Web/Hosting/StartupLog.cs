using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SessionBridge.Store;

namespace SessionBridge.Web.Hosting;

public static class StartupLog
{
    /// <summary>
    /// One line once the server listens: which session store, and where. In Production, one warning more when any
    /// Host is allowed: the Host header is the client's, and the HTTPS redirect (and anything else that builds an
    /// absolute URL) takes it as the site's name.
    /// </summary>
    public static void LogStartup(this WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            string store = app.Services.GetRequiredService<ISessionRecordStore>().Kind;
            app.Logger.Listening(store, string.Join(", ", addresses));

            string allowedHosts = app.Configuration["AllowedHosts"] ?? string.Empty;
            if (app.Environment.IsProduction() && AllowsAnyHost(allowedHosts))
            {
                app.Logger.AnyHostAllowed(allowedHosts);
            }
        });

    // As the host filtering middleware reads the setting: hosts separated by ';', and none or "*" lets every Host in.
    private static bool AllowsAnyHost(string allowedHosts)
    {
        string[] hosts = allowedHosts.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return hosts.Length == 0 || hosts.Contains("*", StringComparer.Ordinal);
    }
}
