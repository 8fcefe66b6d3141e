using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// SessionBridge:Redis:WaitForReplicas: a save is answered 200 only once that many replicas have it. On a Redis without
/// replicas nothing can confirm a save, so every save is answered 503 and says it was not saved. (The cluster failover
/// tests prove what it buys: no save answered 200 is lost.)
/// </summary>
public sealed class WaitForReplicasTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [SkippableFact]
    public async Task A_save_no_replica_confirms_is_answered_503_not_saved_while_reads_go_on()
    {
        await using var node = RedisNodes.Node(redis)
            .WithSetting("SessionBridge:Redis:WaitForReplicas", "1")
            .WithSetting("SessionBridge:Redis:WaitTimeout", "00:00:00.050");
        using var browser = RedisNodes.Browser(node, new CookieContainer());
        string token = (await browser.OpenAsync("/session")).AntiforgeryToken();

        using var first = await browser.PostSessionValueAsync(token, "displayName", "Ada");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
        Assert.Contains("Not saved", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await browser.OpenAsync("/")).Response.StatusCode);
    }

    [Theory]
    [InlineData("SessionBridge:Redis:WaitForReplicas", "6")]
    [InlineData("SessionBridge:Redis:WaitTimeout", "00:00:10")]
    public void An_out_of_range_setting_stops_start_up_with_a_message_that_names_it(string key, string value)
    {
        using var app = new SessionBridgeApp().WithSetting(key, value);

        var failure = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains(key, failure.ToString(), StringComparison.Ordinal);
    }
}
