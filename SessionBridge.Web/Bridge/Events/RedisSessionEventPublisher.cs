using System.Text.Json;
using Microsoft.Extensions.Options;
using SessionBridge.Web.Bridge.Store;
using StackExchange.Redis;

namespace SessionBridge.Web.Bridge.Events;

/// <summary>
/// Live events across nodes over Redis pub/sub: every node subscribes to one channel and hands what arrives to its
/// own <see cref="SessionEventHub"/>, so an event published on any node (this one included) reaches every open stream
/// of the session. The multiplexer restores the subscription by itself after Redis comes back.
/// </summary>
public sealed partial class RedisSessionEventPublisher(
    IConnectionMultiplexer redis,
    SessionEventHub hub,
    IOptions<SessionBridgeOptions> options,
    ILogger<RedisSessionEventPublisher> logger) : ISessionEventPublisher, IHostedService
{
    private readonly RedisChannel _channel = RedisChannel.Literal(options.Value.RedisKeyPrefix + "events");
    private volatile bool _subscribed;

    public Task PublishAsync(SessionEvent sessionEvent, CancellationToken cancellationToken = default)
    {
        // Fire and forget: the write this announces is already stored, so the request does not wait a third round
        // trip for it; if Redis is gone, other tabs see the change on their next request instead of now.
        redis.GetSubscriber().Publish(_channel, JsonSerializer.Serialize(sessionEvent), CommandFlags.FireAndForget);
        return Task.CompletedTask;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored += OnConnectionRestored;
        await SubscribeAsync();
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        redis.ConnectionRestored -= OnConnectionRestored;
        return redis.GetSubscriber().UnsubscribeAsync(_channel);
    }

    private async Task SubscribeAsync()
    {
        try
        {
            await redis.GetSubscriber().SubscribeAsync(_channel, (_, message) => Deliver(message));
            _subscribed = true;
        }
        catch (Exception ex) when (RedisFailure.IsStoreFailure(ex))
        {
            LogSubscribeFailed(logger, ex);
        }
    }

    // An established subscription is restored by the multiplexer; one that never got through (Redis down at
    // start-up) is made here once Redis is back.
    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (!_subscribed)
        {
            _ = SubscribeAsync();
        }
    }

    private void Deliver(RedisValue message)
    {
        try
        {
            if (JsonSerializer.Deserialize<SessionEvent>(message.ToString()) is { SessionId.Length: > 0 } sessionEvent)
            {
                hub.Deliver(sessionEvent);
            }
        }
        catch (JsonException ex)
        {
            LogMalformed(logger, ex);
        }
    }

    [LoggerMessage(71, LogLevel.Error, "Could not subscribe to session events yet; the subscription is restored when Redis returns")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);

    [LoggerMessage(72, LogLevel.Warning, "Ignored a malformed session event from Redis")]
    private static partial void LogMalformed(ILogger logger, Exception exception);
}
