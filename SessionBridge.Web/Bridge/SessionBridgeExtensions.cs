using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SessionBridge.Web.Bridge.Events;
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
        services.AddSingleton<SessionEventHub>();
        services.AddSingleton<SessionCreationLimiter>();

        // One switch for every shared part (DESIGN.md §4): sessions, the session index, IDistributedCache and the
        // Data Protection key ring are all in Redis, or all in this process.
        string? redis = configuration.GetConnectionString("Redis");
        if (!string.IsNullOrWhiteSpace(redis))
        {
            services.AddSessionBridgeRedis(redis);
        }
        else
        {
            services.AddSingleton<ISessionRecordStore, MemorySessionRecordStore>();
            services.AddSingleton<ISessionIndex, MemorySessionIndex>();
            services.AddDistributedMemoryCache();
            services.AddDataProtection();
        }

        // Without a Redis publisher, events reach the streams of this node only.
        services.TryAddSingleton<ISessionEventPublisher, LocalSessionEventPublisher>();
        return services;
    }

    public static IApplicationBuilder UseSessionBridge(this IApplicationBuilder app) => app.UseMiddleware<SessionBridgeMiddleware>();
}
