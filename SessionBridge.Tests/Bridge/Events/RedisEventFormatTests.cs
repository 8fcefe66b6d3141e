using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionBridge;
using SessionBridge.Events;
using SessionBridge.Telemetry;
using SessionBridge.Tests.Bridge.Store;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Events;

/// <summary>
/// What a node hears on a session's channel from a node of another release: the previous release's events are
/// delivered; an event of a version this node does not know is not, and the operator hears of it once.
/// </summary>
public sealed class RedisEventFormatTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string SessionId = "q59tAj8YxW3nLk2PbR7sTu1vZc4dEf6gHi9jKm0oNpQ";

    [SkippableFact]
    public async Task Events_of_the_previous_release_are_delivered_and_a_later_version_is_dropped_and_logged_once()
    {
        using var connection = await redis.ConnectAsync();
        using var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var feed = new RedisSessionEventFeed(
            connection, Options.Create(new SessionBridgeOptions()), new SessionBridgeTelemetry(services.GetRequiredService<IMeterFactory>()), loggers.CreateLogger<RedisSessionEventFeed>());
        var delivered = new BlockingCollection<SessionEvent>();
        await feed.ListenAsync(SessionId, delivered.Add);
        var channel = RedisEventChannel.For("sb:", SessionId);
        string later = $$"""{"V":9,"SessionId":"{{SessionId}}","Key":"theme","OriginTab":null,"Meaning":"changed"}""";

        using var publisher = await redis.ConnectAsync();
        await publisher.GetSubscriber().PublishAsync(channel, StoredFormatFixtures.Value("events.v0.txt", "changed"));
        await publisher.GetSubscriber().PublishAsync(channel, later);
        await publisher.GetSubscriber().PublishAsync(channel, later);
        await publisher.GetSubscriber().PublishAsync(channel, StoredFormatFixtures.Value("events.v0.txt", "signed-out"));

        Assert.True(delivered.TryTake(out var first, TimeSpan.FromSeconds(5)));
        Assert.True(delivered.TryTake(out var second, TimeSpan.FromSeconds(5)));
        Assert.Equal([SessionEvent.Changed(SessionId, "displayName", "tab-1a2b"), SessionEvent.SignedOut(SessionId)], new[] { first, second }.OrderBy(e => e!.IsSignOut));
        Assert.False(delivered.TryTake(out _, TimeSpan.FromMilliseconds(300)));
        var logged = Assert.Single(logs.Matching("format version 9"));
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Contains("live event", logged.Message, StringComparison.Ordinal);
        await feed.StopListeningAsync(SessionId);
    }
}
