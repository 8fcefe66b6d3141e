using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// A node listens to a session's channel while it has a stream of that session open. A tab that reloads closes its old
/// stream while its new one opens: whatever order the node handles the two in, the new stream must still hear changes.
/// </summary>
public sealed class RedisEventSubscriptionTests(RedisNode node) : IClassFixture<RedisNode>
{
    private static readonly TimeSpan s_eventTimeout = TimeSpan.FromSeconds(10);

    [SkippableFact]
    public async Task A_tab_that_reloads_again_and_again_keeps_hearing_changes_made_elsewhere()
    {
        var jar = new CookieContainer();
        using var tab = RedisNodes.Browser(node.App, jar);
        using var otherTab = RedisNodes.Browser(node.App, jar);
        string token = (await tab.OpenAsync("/session")).AntiforgeryToken();
        (await otherTab.PostSessionValueAsync(token, "displayName", "start")).Dispose();
        var stream = await EventStreamClient.OpenAsync(tab);
        Assert.Equal(": connected", await stream.NextAsync(s_eventTimeout));

        for (int reload = 0; reload < 20; reload++)
        {
            var closing = stream.DisposeAsync().AsTask();
            var opening = EventStreamClient.OpenAsync(tab);
            await closing;
            stream = await opening;
            Assert.Equal(": connected", await stream.NextAsync(s_eventTimeout));

            using (var saved = await otherTab.PostSessionValueAsync(token, "displayName", "v" + reload))
            {
                Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            }

            Assert.Equal("session-changed: displayName", await stream.NextEventAsync(s_eventTimeout));
        }

        await stream.DisposeAsync();
    }
}
