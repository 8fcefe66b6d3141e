using Microsoft.Extensions.Options;
using SessionBridge.Store;
using SessionBridge.Telemetry;
using StackExchange.Redis;

namespace SessionBridge.Events;

/// <summary>
/// <see cref="ISessionEventFeed"/> over Redis sharded pub/sub: SSUBSCRIBE to the shard channel of each session that has
/// a stream open on this node, SUNSUBSCRIBE when its last stream closes. A node therefore receives the events of its
/// own streams' sessions only, and on a Redis Cluster each channel lives on the shard of its session. The multiplexer
/// restores the subscriptions by itself after a reconnect or a failover. The metric
/// <c>sessionbridge.events.received</c> counts what this node received.
/// </summary>
internal sealed class RedisSessionEventFeed : ISessionEventFeed
{
    private readonly IConnectionMultiplexer _redis;
    private readonly string _prefix;
    private readonly SessionBridgeTelemetry _telemetry;
    private readonly ILogger<RedisSessionEventFeed> _logger;
    private readonly UnknownFormatVersions _unknownVersions;

    public RedisSessionEventFeed(IConnectionMultiplexer redis, IOptions<SessionBridgeOptions> options, SessionBridgeTelemetry telemetry, ILogger<RedisSessionEventFeed> logger)
    {
        _redis = redis;
        _prefix = options.Value.RedisKeyPrefix;
        _logger = logger;
        _unknownVersions = new UnknownFormatVersions(logger, "live event");
        _telemetry = telemetry;
    }

    public async Task ListenAsync(string sessionId, Action<SessionEvent> deliver, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await _redis.GetSubscriber().SubscribeAsync(RedisEventChannel.For(_prefix, sessionId), (_, message) => Receive(sessionId, message, deliver)).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisFailure.IsStoreFailure(ex))
        {
            // The multiplexer keeps a subscription it could not send, to restore it later: nobody would listen to it.
            await StopListeningAsync(sessionId).ConfigureAwait(false);
            throw RedisFailure.Unavailable("subscription to a session's events (SSUBSCRIBE)", ex);
        }
    }

    public async Task StopListeningAsync(string sessionId)
    {
        try
        {
            await _redis.GetSubscriber().UnsubscribeAsync(RedisEventChannel.For(_prefix, sessionId)).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisFailure.IsStoreFailure(ex))
        {
            // The multiplexer forgets the subscription before it sends SUNSUBSCRIBE, and a server that could not be
            // told has lost the connection, and the subscription with it.
            _logger.UnsubscribeFailed(SessionToken.LogTag(sessionId), ex.GetType().Name);
        }
    }

    private void Receive(string sessionId, RedisValue message, Action<SessionEvent> deliver)
    {
        if (RedisEventChannel.Parse(sessionId, message, out long? unknownVersion) is { } sessionEvent)
        {
            _telemetry.EventReceived(sessionEvent.IsSignOut);
            deliver(sessionEvent);
        }
        else if (unknownVersion is { } version)
        {
            _unknownVersions.Refused(version);
        }
        else
        {
            _logger.Malformed(SessionToken.LogTag(sessionId));
        }
    }
}
