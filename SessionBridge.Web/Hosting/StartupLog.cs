using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SessionBridge.Web.Bridge.Store;

namespace SessionBridge.Web.Hosting;

public static partial class StartupLog
{
    /// <summary>One line once the server listens: which session store, and where.</summary>
    public static void LogStartup(this WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            string store = app.Services.GetRequiredService<ISessionRecordStore>().Kind;
            LogListening(app.Logger, store, string.Join(", ", addresses));
        });

    [LoggerMessage(100, LogLevel.Information, "SessionBridge is using the {Store} session store and listening on {Addresses}")]
    private static partial void LogListening(ILogger logger, string store, string addresses);
}
