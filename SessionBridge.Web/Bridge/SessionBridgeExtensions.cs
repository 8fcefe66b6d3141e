using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.Options;
using SessionBridge.Web.Bridge.Handoff;
using SessionBridge.Web.Bridge.Keys;
using SessionBridge.Web.Bridge.Sessions;
using SessionBridge.Web.Bridge.Store;

namespace SessionBridge.Web.Bridge;

public static class SessionBridgeExtensions
{
    /// <summary>
    /// The bridge's services. Without "ConnectionStrings:Redis" everything runs in this process; the Redis wiring
    /// switches every part over at once.
    /// </summary>
    public static IServiceCollection AddSessionBridge(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, IEnumerable<SessionKey> keys)
    {
        services.AddOptions<SessionBridgeOptions>()
            .BindConfiguration(SessionBridgeOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Development runs on plain http; everywhere else the cookie is Secure and gets the __Host- prefix, which
        // also pins it to this host and path "/".
        bool development = environment.IsDevelopment();
        services.AddOptions<SessionOptions>().Configure<IOptions<SessionBridgeOptions>>((session, bridge) =>
        {
            session.IdleTimeout = bridge.Value.IdleTimeout;
            session.Cookie.Name = development ? "sb-session" : "__Host-sb-session";
            session.Cookie.Path = "/";
            session.Cookie.HttpOnly = true;
            session.Cookie.SameSite = SameSiteMode.Lax;
            session.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            session.Cookie.IsEssential = true;
        });

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new SessionKeyRegistry(keys));
        services.AddSingleton<SessionLifetimes>();
        services.AddSingleton<ISessionStore, BridgeSessionStore>();
        services.AddSingleton<SessionDataTable>();
        services.AddSingleton<LoginHandoff>();
        services.AddSingleton<UserSessions>();

        services.AddSingleton<ISessionRecordStore, MemorySessionRecordStore>();
        services.AddSingleton<ISessionIndex, MemorySessionIndex>();
        services.AddDistributedMemoryCache();
        services.AddDataProtection();
        return services;
    }

    public static IApplicationBuilder UseSessionBridge(this IApplicationBuilder app) => app.UseMiddleware<SessionBridgeMiddleware>();
}
