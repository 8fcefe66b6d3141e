using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SessionBridge.Web.Bridge.Events;
using SessionBridge.Web.Bridge.Handoff;
using SessionBridge.Web.Bridge.Keys;
using SessionBridge.Web.Bridge.Limits;
using SessionBridge.Web.Bridge.Sessions;
using SessionBridge.Web.Bridge.Store;
using SessionBridge.Web.Bridge.Telemetry;

namespace SessionBridge.Web.Bridge;

public static class SessionBridgeExtensions
{
    /// <summary>
    /// The bridge's services. Without "ConnectionStrings:Redis" everything runs in this process; the Redis wiring
    /// switches every part over at once. <paramref name="configure"/> sets what the app decides in code (its login
    /// page, where the live channel is mapped). Registrations are TryAdd where an app may bring its own.
    /// </summary>
    public static IServiceCollection AddSessionBridge(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, IEnumerable<SessionKey> keys, Action<SessionBridgeOptions> configure)
    {
        services.AddOptions<SessionBridgeOptions>()
            .BindConfiguration(SessionBridgeOptions.Section)
            .Configure(configure)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Development runs on plain http; everywhere else the cookie is Secure and gets the __Host- prefix, which
        // also pins it to this host and path "/".
        services.AddOptions<SessionOptions>().Configure<IOptions<SessionBridgeOptions>>((session, bridge) =>
        {
            session.IdleTimeout = bridge.Value.IdleTimeout;
            session.Cookie.Name = SessionBridgeCookies.Name(environment, "session");
            session.Cookie.Path = "/";
            session.Cookie.HttpOnly = true;
            session.Cookie.SameSite = SameSiteMode.Lax;
            session.Cookie.SecurePolicy = SessionBridgeCookies.SecurePolicy(environment);
            session.Cookie.IsEssential = true;
        });

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SessionBridgeTelemetry>();
        services.AddSingleton(new SessionKeyRegistry(keys));
        services.AddSingleton<SessionLifetimes>();
        services.AddSingleton<BridgeSessionStore>();
        services.AddSingleton<ISessionStore>(sp => sp.GetRequiredService<BridgeSessionStore>());
        services.AddSingleton<SessionDataTable>();
        services.AddSingleton<LoginHandoff>();
        services.AddSingleton<HandoffLanding>();
        services.AddSingleton<UserSessions>();
        services.AddSingleton<SessionEventHub>();
        services.AddSingleton<SessionCreationLimiter>();
        services.AddSingleton<SessionGate>();
        services.AddSingleton<SessionCookie>();
        services.AddSingleton<SessionRefusal>();
        services.TryAddScoped<ThisTab>();

        // One switch for every shared part (DESIGN.md §4): sessions, the session index, IDistributedCache and the
        // Data Protection key ring are all in Redis, or all in this process (the app's own registrations then).
        string? redis = configuration.GetConnectionString("Redis");
        if (!string.IsNullOrWhiteSpace(redis))
        {
            services.AddSessionBridgeRedis(redis);
        }

        services.TryAddSingleton<ISessionRecordStore, MemorySessionRecordStore>();
        services.TryAddSingleton<ISessionIndex, MemorySessionIndex>();

        // Without Redis, limits (new sessions, and the app's own: login attempts) count in this process.
        services.TryAddSingleton<SharedLimits, ProcessLimits>();

        // Without a Redis publisher, events reach the streams of this node only.
        services.TryAddSingleton<ISessionEventPublisher, LocalSessionEventPublisher>();
        return services;
    }

    public static IApplicationBuilder UseSessionBridge(this IApplicationBuilder app) => app.UseMiddleware<SessionBridgeMiddleware>();
}
