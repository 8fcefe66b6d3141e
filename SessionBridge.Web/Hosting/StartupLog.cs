using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SessionBridge.Web.Bridge.Store;

namespace SessionBridge.Web.Hosting;

public static class StartupLog
{
    /// <summary>One line once the server listens: which session store, and where.</summary>
    public static void LogStartup(this WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            string store = app.Services.GetRequiredService<ISessionRecordStore>().Kind;
            app.Logger.Listening(store, string.Join(", ", addresses));
        });
}
