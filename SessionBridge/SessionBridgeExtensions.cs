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
    /// The bridge's services, everything in this process; <see cref="SessionBridgeRedisExtensions.AddSessionBridgeRedis"/>
    /// switches every shared part to Redis at once. Settings bind from the "SessionBridge" section;
    /// <paramref name="configure"/> sets what the app decides in code (its login page, where the live channel is mapped).
    /// What it registers of ASP.NET Core's own (Razor Pages with the cookie TempData provider, antiforgery, the session
    /// cookie's options, an in-memory <c>IDistributedCache</c> when the app has none) keeps the app's say: a
    /// <c>Configure&lt;SessionOptions&gt;</c>, <c>Configure&lt;AntiforgeryOptions&gt;</c> or
    /// <c>Configure&lt;CookieTempDataProviderOptions&gt;</c> after this call overrides the cookie names and flags.
    /// </summary>
    public static IServiceCollection AddSessionBridge(this IServiceCollection services, IEnumerable<SessionKey> keys, Action<SessionBridgeOptions> configure)
    {
        services.AddOptions<SessionBridgeOptions>()
            .BindConfiguration(SessionBridgeOptions.Section)
            .Configure(configure)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Development runs on plain http; everywhere else the cookie is Secure and gets the __Host- prefix, which
        // also pins it to this host and path "/".
        services.AddOptions<SessionOptions>().Configure<IOptions<SessionBridgeOptions>, IHostEnvironment>((session, bridge, environment) =>
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

        // In this process unless AddSessionBridgeRedis (before or after this call) put the Redis parts in.
        services.TryAddSingleton<ISessionRecordStore, MemorySessionRecordStore>();
        services.TryAddSingleton<ISessionIndex, MemorySessionIndex>();

        // Without Redis, limits (new sessions, and the app's own: login attempts) count in this process.
        services.TryAddSingleton<SharedLimits, ProcessLimits>();

        // Without a Redis publisher, events reach the streams of this node only.
        services.TryAddSingleton<ISessionEventPublisher, LocalSessionEventPublisher>();
        services.AddCookies();
        services.AddHostedService<SessionBridgeStartup>();
        return services;
    }

    /// <summary>
    /// Razor Pages with the cookie TempData provider (it carries the login handoff) and antiforgery set for htmx: its
    /// token in the "RequestVerificationToken" header, its cookie named and flagged as the session's.
    /// </summary>
    private static void AddCookies(this IServiceCollection services)
    {
        // The login handoff's one-time use is remembered in IDistributedCache: the app's when it registers one (RedisCache
        // with the Redis wiring), else this process's memory.
        services.AddDistributedMemoryCache();
        services.AddRazorPages().AddCookieTempDataProvider();
        services.AddOptions<CookieTempDataProviderOptions>().Configure<IHostEnvironment>((options, environment) =>
        {
            options.Cookie.Name = SessionBridgeCookies.Name(environment, "tempdata");
            options.Cookie.Path = "/";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.Cookie.SecurePolicy = SessionBridgeCookies.SecurePolicy(environment);
            options.Cookie.IsEssential = true;
        });
        services.AddAntiforgery();
        services.AddOptions<AntiforgeryOptions>().Configure<IHostEnvironment>((options, environment) =>
        {
            options.Cookie.Name = SessionBridgeCookies.Name(environment, "antiforgery");
            options.Cookie.Path = "/";
            options.Cookie.SecurePolicy = SessionBridgeCookies.SecurePolicy(environment);
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
