using System.Globalization;
using Microsoft.Extensions.Options;
using SessionBridge.Tests.Infrastructure;
using SessionBridge.Web.Bridge;
using SessionBridge.Web.Bridge.Sessions;

namespace SessionBridge.Tests.Bridge.Store;

/// <summary>The user → sessions index in Redis: one small hash per user, which expires once all its sessions must have.</summary>
public sealed class RedisSessionIndexTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [SkippableFact]
    public async Task A_users_sessions_are_listed_until_removed()
    {
        using var connection = await redis.ConnectAsync();
        var index = new RedisSessionIndex(connection, Options.Create(new SessionBridgeOptions()));

        await index.AddAsync("alice", "s1");
        await index.AddAsync("alice", "s2");
        await index.AddAsync("alice", "s2");
        await index.AddAsync("bob", "s3");
        await index.RemoveAsync("alice", "s1");

        Assert.Equal(["s2"], await index.ListAsync("alice"));
        Assert.Equal(["s3"], await index.ListAsync("bob"));
        Assert.Empty(await index.ListAsync("carol"));
    }

    [SkippableFact]
    public async Task The_index_is_one_compact_hash_per_user_under_the_prefix_and_expires_with_the_longest_session()
    {
        using var connection = await redis.ConnectAsync();
        var options = new SessionBridgeOptions { RedisKeyPrefix = "idx:", AbsoluteLifetime = TimeSpan.FromDays(90) };
        var index = new RedisSessionIndex(connection, Options.Create(options));

        await index.AddAsync("dave", "s1");

        Assert.Equal("idx:user:{dave}", index.KeyOf("dave").ToString());
        Assert.Equal("hash", await redis.SendAsync("TYPE", "idx:user:{dave}"));
        Assert.Equal("listpack", await redis.SendAsync("OBJECT", "ENCODING", "idx:user:{dave}"));
        long ttl = long.Parse(await redis.SendAsync("PTTL", "idx:user:{dave}"), CultureInfo.InvariantCulture);
        Assert.InRange(ttl, TimeSpan.FromDays(90).TotalMilliseconds - 60_000, TimeSpan.FromDays(90).TotalMilliseconds);
    }
}
