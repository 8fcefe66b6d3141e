using System.Globalization;
using Microsoft.Extensions.Options;
using SessionBridge;
using SessionBridge.Sessions;
using SessionBridge.Tests.Infrastructure;
using StackExchange.Redis;

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

    [SkippableFact]
    public async Task An_index_the_previous_release_wrote_is_listed()
    {
        using var connection = await redis.ConnectAsync();
        var index = new RedisSessionIndex(connection, Options.Create(new SessionBridgeOptions()));
        string key = StoredFormatFixtures.Value("user-index.v0.txt", "key");
        string[] entry = StoredFormatFixtures.Value("user-index.v0.txt", "entry").Split(' ');
        await connection.GetDatabase().KeyDeleteAsync(key);
        await connection.GetDatabase().HashSetAsync(key, entry[0], Convert.FromHexString(entry[1].Trim('[', ']')));

        Assert.Equal(key, index.KeyOf("alice").ToString());
        Assert.Equal(StoredFormatFixtures.Value("user-index.v0.txt", "type"), await redis.SendAsync("TYPE", key));
        Assert.Equal([entry[0]], await index.ListAsync("alice"));

        await index.AddAsync("alice", "s2");
        Assert.Equal([entry[0], "s2"], (await index.ListAsync("alice")).Order(StringComparer.Ordinal));
        Assert.Equal(RedisValue.EmptyString, await connection.GetDatabase().HashGetAsync(key, "s2")); // version 0 is what it writes
        await connection.GetDatabase().KeyDeleteAsync(key); // the fixture's user is the other tests' "alice"
    }

    [SkippableFact]
    public async Task Adding_a_session_again_keeps_what_a_later_release_stored_for_it()
    {
        using var connection = await redis.ConnectAsync();
        var index = new RedisSessionIndex(connection, Options.Create(new SessionBridgeOptions { RedisKeyPrefix = "later:" }));
        byte[] later = [2, 0x2A]; // a version 2 entry: its version number, then whatever that version keeps
        await connection.GetDatabase().HashSetAsync(index.KeyOf("erin"), "s1", later);

        await index.AddAsync("erin", "s1");

        Assert.Equal(["s1"], await index.ListAsync("erin"));
        Assert.Equal(later, (byte[])(await connection.GetDatabase().HashGetAsync(index.KeyOf("erin"), "s1"))!);
    }
}
