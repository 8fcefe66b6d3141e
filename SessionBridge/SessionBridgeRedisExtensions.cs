using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SessionBridge.Events;
using SessionBridge.Limits;
using SessionBridge.Sessions;
using SessionBridge.Store;
using StackExchange.Redis;

namespace SessionBridge;

public static partial class SessionBridgeRedisExtensions
{
    /// <summary>
    /// Switches every shared part to Redis at once, over ONE <see cref="IConnectionMultiplexer"/>: the session store,
    /// the user → sessions index, the rate limits, the live channel's events and, unless <paramref name="configure"/>
    /// leaves them to the app, <c>IDistributedCache</c> (login handoff ids) and the Data Protection key ring. Call it
    /// before or after AddSessionBridge; the app chooses where the connection string comes from.
    /// <para>
    /// The multiplexer is made with AbortOnConnectFail=false: the app starts while Redis is down (requests that need it
    /// answer 503 at once, /healthz says why) and reconnects by itself when Redis returns. Timeouts for a Redis that
    /// hangs rather than refuses come from the connection string (connectTimeout, syncTimeout, asyncTimeout). An app
    /// that registered its own <see cref="IConnectionMultiplexer"/> keeps it, and <paramref name="connectionString"/>
    /// is then only checked.
    /// </para>
    /// </summary>
    public static IServiceCollection AddSessionBridgeRedis(this IServiceCollection services, string connectionString, Action<SessionBridgeRedisSetup>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var setup = new SessionBridgeRedisSetup();
        configure?.Invoke(setup);

        // Parse now, so a malformed connection string fails start-up with a message instead of the first request.
        var configuration = ConfigurationOptions.Parse(connectionString);
        configuration.AbortOnConnectFail = false;

        // While Redis is away, fail at once (the request answers 503) instead of queueing commands until a timeout.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;

        // Read Redis's answers on the thread pool rather than on the multiplexer's own dedicated threads: every request
        // here is async, and the hand-off from those threads cost more CPU than the HGETALL itself (a Redis read fell
        // from ~70 to ~45 µs of server CPU, docs/benchmarks.md). A pool starved by blocking code would delay Redis
        // answers too; nothing in this app blocks on a Redis call.
        configuration.SocketManager = SocketManager.ThreadPool;

        services.TryAddSingleton<IConnectionMultiplexer>(provider => Connect(configuration.Clone(), provider.GetRequiredService<ILoggerFactory>()));

        // Replace, not add: AddSessionBridge may have put the in-process parts in already.
        services.Replace(ServiceDescriptor.Singleton<ISessionRecordStore, RedisSessionRecordStore>());
        services.Replace(ServiceDescriptor.Singleton<ISessionIndex, RedisSessionIndex>());

        // Every limit counts once for the whole deployment, on the same multiplexer.
        services.Replace(ServiceDescriptor.Singleton<SharedLimits, RedisLimits>());

        if (setup.DistributedCache)
        {
            // RedisCache would otherwise open a second multiplexer of its own.
            services.RemoveAll<IDistributedCache>();
            services.AddStackExchangeRedisCache(_ => { });
            services.AddOptions<RedisCacheOptions>().Configure<IConnectionMultiplexer, IOptions<SessionBridgeOptions>>((cache, redis, bridge) =>
            {
                cache.ConnectionMultiplexerFactory = () => Task.FromResult(redis);
                cache.InstanceName = bridge.Value.RedisKeyPrefix;
            });
        }

        if (setup.DataProtection)
        {
            // What PersistKeysToStackExchangeRedis does, but with the multiplexer from the container (that method wants
            // its database factory before there is a container to take it from).
            ArgumentException.ThrowIfNullOrWhiteSpace(setup.ApplicationName, nameof(setup.ApplicationName));
            services.AddDataProtection().SetApplicationName(setup.ApplicationName);
            services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer, IOptions<SessionBridgeOptions>>((keys, redis, bridge) =>
                keys.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), bridge.Value.RedisKeyPrefix + "dataprotection-keys"));
        }

        // Live events over sharded pub/sub on the same multiplexer: the commit script announces changes, sign-outs are
        // published, and each node subscribes to the sessions it has streams of. No hosted service: nothing to start,
        // and nothing to unsubscribe at shutdown, when Redis may be going down too.
        services.Replace(ServiceDescriptor.Singleton<ISessionEventPublisher, RedisSessionEventPublisher>());
        services.AddSingleton<ISessionEventFeed, RedisSessionEventFeed>();
        return services;
    }

    private static ConnectionMultiplexer Connect(ConfigurationOptions configuration, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("SessionBridge.Redis");

        // With AbortOnConnectFail=false this returns after the first attempts whether or not Redis answered (when it is
        // down, after about twice connectTimeout, even for a refused port); reconnecting is the multiplexer's job.
        var redis = ConnectionMultiplexer.Connect(configuration);
        if (!redis.IsConnected)
        {
            LogStartedDisconnected(logger, configuration.EndPoints.FirstOrDefault()?.ToString() ?? "?");
        }

        redis.ConnectionFailed += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                LogConnectionFailed(logger, e.EndPoint?.ToString() ?? "?", e.FailureType, e.Exception?.Message ?? "-");
            }
        };
        redis.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                LogConnectionRestored(logger, e.EndPoint?.ToString() ?? "?");
            }
        };
        return redis;
    }

    [LoggerMessage(110, LogLevel.Error, "Redis at {EndPoint} is not reachable at start-up; requests that need it answer 503 until it is")]
    private static partial void LogStartedDisconnected(ILogger logger, string endPoint);

    // One line per failure: the client's exception is its own diagnostics, repeated on every reconnect attempt.
    [LoggerMessage(111, LogLevel.Error, "Redis connection to {EndPoint} lost ({FailureType}: {Reason}); reconnecting")]
    private static partial void LogConnectionFailed(ILogger logger, string endPoint, ConnectionFailureType failureType, string reason);

    [LoggerMessage(112, LogLevel.Information, "Redis connection to {EndPoint} restored")]
    private static partial void LogConnectionRestored(ILogger logger, string endPoint);
}
