using Microsoft.Extensions.Options;
using SessionBridge.Telemetry;
using StackExchange.Redis;

namespace SessionBridge.Events;

/// <summary>
/// Sign-outs and revocations across nodes: SPUBLISH on the session's own shard channel (<see cref="RedisEventChannel"/>),
/// which only the nodes with a stream of that session open listen to. Changes of keys do not come here: the commit
/// script announces them itself.
/// </summary>
internal sealed class RedisSessionEventPublisher(IConnectionMultiplexer redis, IOptions<SessionBridgeOptions> options, SessionBridgeTelemetry telemetry) : ISessionEventPublisher
{
    private readonly string _prefix = options.Value.RedisKeyPrefix;

    public Task PublishAsync(SessionEvent sessionEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionEvent);
        telemetry.EventPublished(sessionEvent.IsSignOut);

        // Fire and forget: the session is deleted already, which is what counts; a stream that misses this event finds
        // the session gone at its next heartbeat.
        redis.GetSubscriber().Publish(
            RedisEventChannel.For(_prefix, sessionEvent.SessionId), RedisEventChannel.Message(sessionEvent), CommandFlags.FireAndForget);
        return Task.CompletedTask;
    }
}
