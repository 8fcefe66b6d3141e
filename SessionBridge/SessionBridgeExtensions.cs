using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SessionBridge.Events;
using SessionBridge.Handoff;
using SessionBridge.Keys;
using SessionBridge.Limits;
using SessionBridge.Security;
using SessionBridge.Sessions;
using SessionBridge.Store;
using SessionBridge.Telemetry;

namespace SessionBridge;

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
        services.AddCookies(environment);
        return services;
    }

    /// <summary>
    /// Razor Pages with the cookie TempData provider (it carries the login handoff) and antiforgery set for htmx: its
    /// token in the "RequestVerificationToken" header, its cookie named and flagged as the session's.
    /// </summary>
    private static void AddCookies(this IServiceCollection services, IHostEnvironment environment)
    {
        var securePolicy = SessionBridgeCookies.SecurePolicy(environment);

        // The login handoff's one-time use is remembered in IDistributedCache: the app's when it registers one (RedisCache
        // with the Redis wiring), else this process's memory.
        services.AddDistributedMemoryCache();
        services.AddRazorPages().AddCookieTempDataProvider();
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

        // A cookie the client tampered with is logged in one line by these wrappers, not as an error with a stack
        // trace by the stock components on every request that carries it.
        Decorate<ITempDataProvider>(services, (sp, inner) => ActivatorUtilities.CreateInstance<OneLineTempDataProvider>(sp, inner));
        Decorate<IAntiforgery>(services, (sp, inner) => ActivatorUtilities.CreateInstance<OneLineAntiforgery>(sp, inner));
        Decorate<IAntiforgery>(services, (sp, inner) => ActivatorUtilities.CreateInstance<RememberedAntiforgery>(sp, inner));
        services.AddLogging(logging => logging
            .AddFilter("Microsoft.AspNetCore.Antiforgery", LogLevel.None)
            .AddFilter("Microsoft.AspNetCore.Mvc.ViewFeatures.CookieTempDataProvider", LogLevel.None));
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

    public static IApplicationBuilder UseSessionBridge(this IApplicationBuilder app) => app.UseMiddleware<SessionBridgeMiddleware>();
}
