using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// The cross-node tests on a Redis Cluster, and what only a cluster can get wrong: a session, its data and its event
/// channel in one slot, and a user whose sessions live on different shards.
/// </summary>
[Collection(ClusterCollectionDefinition.Name)]
public sealed class ClusterTwoNodeTests(ClusterNodes nodes) : CrossNodeTests(nodes)
{
    [SkippableFact]
    public async Task A_users_sessions_on_different_shards_are_all_listed_and_all_revoked_from_one_node()
    {
        // Sign Alice in from browsers on both nodes until her sessions live on at least two primaries.
        var cookies = new List<string>();
        var primaries = new HashSet<int>();
        for (int i = 0; i < 12 && (cookies.Count < 4 || primaries.Count < 2); i++)
        {
            using var device = RedisNodes.Browser(i % 2 == 0 ? nodes.A : nodes.B, new CookieContainer());
            await SessionBridgeApp.SignInAsync(device);
            string cookie = device.Cookie(AppTestExtensions.SessionCookie)!;
            cookies.Add(cookie);
            primaries.Add((await nodes.Cluster.PrimaryOfAsync(RedisNodes.RedisKeyOf(cookie))).Port);
        }

        Assert.True(primaries.Count >= 2, "twelve sessions all hashed to one shard");

        using var laptop = RedisNodes.Browser(nodes.B, new CookieContainer());
        var account = await SessionBridgeApp.SignInAsync(laptop);
        foreach (string cookie in cookies)
        {
            Assert.NotNull(account.Html("#session-" + RedisNodes.TagOf(cookie)));
        }

        var after = await account.SubmitAsync("#revoke-others");

        Assert.StartsWith("Signed out", after.Text("#sessions-region .notice"), StringComparison.Ordinal);
        using var rawA = RedisNodes.RawClient(nodes.A);
        foreach (string cookie in cookies)
        {
            using var page = await RedisNodes.GetWithSessionAsync(rawA, "/account", cookie, htmx: false);
            Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
            Assert.DoesNotContain(RedisNodes.RedisKeyOf(cookie), await nodes.KeysAsync("sb:{*"));
        }

        Assert.Equal("alice@example.com", (await laptop.OpenAsync("/account")).Text("#account-email"));
    }
}
