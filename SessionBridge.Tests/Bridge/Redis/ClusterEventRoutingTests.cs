using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Events;
using SessionBridge.Store;
using SessionBridge.Telemetry;
using SessionBridge.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// Live events on per-session shard channels: a node hears the events of the sessions it has streams of, and nothing
/// else. With one global channel (before) every node received every event of every session.
/// </summary>
[Collection(ClusterCollectionDefinition.Name)]
public sealed class ClusterEventRoutingTests(ClusterNodes nodes, ITestOutputHelper output)
{
    private const int Sessions = 1000;
    private static readonly TimeSpan s_eventTimeout = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task With_1000_sessions_streamed_half_on_each_node_each_node_receives_only_its_own_sessions_events()
    {
        var stopwatch = Stopwatch.StartNew();
        using var template = RedisNodes.Browser(nodes.A, new CookieContainer());
        string token = (await template.OpenAsync("/session")).AntiforgeryToken();

        // Session i is saved through one node and streamed on the other, so every event has to cross through Redis.
        var sessions = await ForEachAsync(Enumerable.Range(0, Sessions), async i =>
        {
            var jar = new CookieContainer();
            var saver = RedisNodes.Browser(i % 2 == 0 ? nodes.B : nodes.A, jar);
            var streamer = RedisNodes.Browser(i % 2 == 0 ? nodes.A : nodes.B, jar);
            saver.CopyCookiesFrom(template);
            using (var created = await saver.PostSessionValueAsync(token, "displayName", "created"))
            {
                Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            }

            var stream = await EventStreamClient.OpenAsync(streamer);
            Assert.Equal(": connected", await stream.NextAsync(s_eventTimeout));
            return new StreamedSession(saver, streamer, stream, SessionToken.TryRead(saver.Cookie(AppTestExtensions.SessionCookie))!.Value.Id);
        });
        output.WriteLine($"{Sessions} sessions created and streamed in {stopwatch.Elapsed.TotalSeconds:F1} s");

        try
        {
            using var admin = await nodes.Cluster.ConnectAsync();
            Assert.All(await SubscribersAsync(admin, sessions), count => Assert.Equal(1, count));

            using var receivedByA = new ReceivedEvents(nodes.A);
            using var receivedByB = new ReceivedEvents(nodes.B);
            await ForEachAsync(sessions, async session =>
            {
                using var saved = await session.Saver.PostSessionValueAsync(token, "displayName", "changed");
                Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
                Assert.Equal("session-changed: displayName", await session.Stream.NextEventAsync(s_eventTimeout));
                return 0;
            });

            output.WriteLine($"events received: node A {receivedByA.Count}, node B {receivedByB.Count} of {Sessions} "
                + $"(with one global channel each node received all {Sessions})");
            Assert.Equal(Sessions / 2, receivedByA.Count);
            Assert.Equal(Sessions / 2, receivedByB.Count);
        }
        finally
        {
            foreach (var session in sessions)
            {
                await session.DisposeAsync();
            }
        }

        // The last stream of a session to close unsubscribes its node.
        using var check = await nodes.Cluster.ConnectAsync();
        for (var waited = Stopwatch.StartNew(); (await SubscribersAsync(check, sessions)).Any(count => count > 0);)
        {
            Assert.True(waited.Elapsed < s_eventTimeout, "channels still subscribed after their streams closed");
            await Task.Delay(100);
        }
    }

    /// <summary>PUBSUB SHARDNUMSUB of each session's channel, asked of the shard that owns it.</summary>
    private static async Task<long[]> SubscribersAsync(IConnectionMultiplexer admin, IEnumerable<StreamedSession> sessions) =>
        await Task.WhenAll(sessions.Select(async session =>
        {
            string channel = RedisEventChannel.Name("sb:", session.Id);
            var reply = (RedisResult[])(await admin.GetServer((RedisKey)channel).ExecuteAsync("PUBSUB", "SHARDNUMSUB", channel))!;
            return (long)reply[1];
        }));

    private static async Task<T[]> ForEachAsync<TItem, T>(IEnumerable<TItem> items, Func<TItem, Task<T>> action)
    {
        using var slots = new SemaphoreSlim(32);
        return await Task.WhenAll(items.Select(async item =>
        {
            await slots.WaitAsync();
            try
            {
                return await action(item);
            }
            finally
            {
                slots.Release();
            }
        }));
    }

    private sealed record StreamedSession(HtmxBrowser Saver, HtmxBrowser Streamer, EventStreamClient Stream, string Id) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Stream.DisposeAsync();
            Saver.Dispose();
            Streamer.Dispose();
        }
    }

    /// <summary>The node's <c>sessionbridge.events.received</c> counter, from now on.</summary>
    private sealed class ReceivedEvents : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public ReceivedEvents(SessionBridgeApp node)
        {
            var meters = node.Services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Meter.Name == SessionBridgeTelemetry.Name && instrument.Name == "sessionbridge.events.received")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _count, value));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
