using System.Net;
using SessionBridge.Tests.Bridge.Redis;
using SessionBridge.Tests.Infrastructure;
using static SessionBridge.Telemetry.SessionBridgeTelemetry;

namespace SessionBridge.Tests.Bridge.Telemetry;

/// <summary>On Redis: the store's operations are measured as store=redis, and live events are counted out and back in.</summary>
public sealed class RedisTelemetryTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [SkippableFact]
    public async Task Saves_on_Redis_are_measured_as_redis_operations_and_their_events_counted_as_published_and_received()
    {
        await using var app = RedisNodes.Node(redis);
        using var metrics = new AppMetrics(app.Services);
        using var spans = new AppSpans();
        using var browser = spans.Trace(app.NewBrowser());
        var account = await SessionBridgeApp.SignInAsync(browser);
        string token = account.AntiforgeryToken();
        await using var tab = await EventStreamClient.OpenAsync(browser);
        Assert.Equal(": connected", await tab.NextAsync());

        using (var save = await browser.PostSessionValueAsync(token, "displayName", "Zed"))
        {
            Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        }

        Assert.Equal("session-changed: displayName", await tab.NextEventAsync());
        var operations = metrics.StoreOperations();
        Assert.Contains("load redis ok", operations);
        Assert.Contains("create redis ok", operations);
        Assert.Contains("rotate redis ok", operations);
        Assert.Contains("commit redis ok", operations);
        Assert.DoesNotContain(operations, operation => !operation.Contains(" redis ok", StringComparison.Ordinal));
        Assert.Equal(Counts((EventKinds.Changed, 1)), metrics.By(Instruments.EventsPublished, Attributes.Kind));
        Assert.Equal(Counts((EventKinds.Changed, 1)), metrics.By(Instruments.EventsReceived, Attributes.Kind));
        var commit = Assert.Single(spans.Named(Spans.StoreCommit));
        Assert.Equal("redis", commit.GetTagItem(Attributes.Store));
        Assert.NotNull(spans.RequestOf(commit));
    }

    private static Dictionary<string, long> Counts(params (string Value, long Count)[] counts) =>
        counts.ToDictionary(c => c.Value, c => c.Count, StringComparer.Ordinal);
}
