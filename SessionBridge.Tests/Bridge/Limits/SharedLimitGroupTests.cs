using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using SessionBridge.Limits;
using SessionBridge.Tests.Infrastructure;
using StackExchange.Redis;

namespace SessionBridge.Tests.Bridge.Limits;

/// <summary>
/// A group of limits asked about one try together: all count it, or, when one refuses it, none does, and the wait is
/// the first refusing rule's. In memory (on a fake clock, so windows can end) and in Redis (one script over counters
/// that share a hash tag and expire with their window).
/// </summary>
public sealed class SharedLimitGroupTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly SharedLimitRule s_tight = new("tight", 1, TimeSpan.FromMinutes(10));
    private static readonly SharedLimitRule s_short = new("short", 1, TimeSpan.FromMinutes(1));

    [Fact]
    public async Task In_memory_a_try_refused_by_one_rule_is_counted_by_none_and_waits_for_the_first_that_refused()
    {
        var time = new FakeTimeProvider();
        var group = new ProcessLimitGroup([s_tight, s_short], TimeSpan.FromSeconds(5), time);

        Assert.Null(await group.TryAcquireAsync(["k1", "shared"], default));

        // Refused by the short rule: the tight rule does not count it for k2.
        Assert.Equal(TimeSpan.FromMinutes(1), await group.TryAcquireAsync(["k2", "shared"], default));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await group.TryAcquireAsync(["k2", "shared"], default));

        // Both refuse: the wait is the tight rule's, the first one, 9 minutes left of k1's window.
        Assert.Equal(TimeSpan.FromMinutes(9), await group.TryAcquireAsync(["k1", "shared"], default));
        Assert.Equal(TimeSpan.FromMinutes(9), await group.TryAcquireAsync(["k1", "other"], default));
        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Null(await group.TryAcquireAsync(["k1", "other"], default));
    }

    [Fact]
    public async Task In_memory_windows_that_have_ended_are_dropped_so_a_spray_of_keys_does_not_grow_it_for_ever()
    {
        var time = new FakeTimeProvider();
        var group = new ProcessLimitGroup([new SharedLimitRule("spray", 5, TimeSpan.FromMinutes(1))], TimeSpan.FromSeconds(5), time);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Null(await group.TryAcquireAsync([Guid.NewGuid().ToString()], default));
        }

        Assert.Equal(1000, group.Count);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await group.TryAcquireAsync(["after"], default));
        Assert.Equal(1, group.Count);
    }

    [Fact]
    public async Task A_group_wants_one_key_per_rule()
    {
        var group = new ProcessLimitGroup([s_tight, s_short], TimeSpan.FromSeconds(5), new FakeTimeProvider());

        await Assert.ThrowsAsync<ArgumentException>(async () => await group.TryAcquireAsync(["only one"], default));
    }

    [SkippableFact]
    public async Task In_Redis_a_try_is_one_script_over_hashed_counters_of_one_hash_tag_and_a_refused_one_counts_nowhere()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        string name = "test" + Guid.NewGuid().ToString("N")[..8];
        var group = new RedisLimitGroup(connection, "sb:", name, [s_tight, s_short], TimeSpan.FromSeconds(5));

        Assert.Null(await group.TryAcquireAsync(["alice@example.com", "shared"], default));

        // One counter per rule, named by a hash of its key (never the key itself), all of the group in one hash tag,
        // each expiring with its rule's window.
        string tight = $"sb:limit:{{{name}}}:" + SharedLimits.Partition("tight", "alice@example.com");
        string shortKey = $"sb:limit:{{{name}}}:" + SharedLimits.Partition("short", "shared");
        Assert.Equal([shortKey, tight], Keys(connection, name));
        Assert.Equal("1", await redis.SendAsync("GET", tight));
        Assert.InRange(Milliseconds(await redis.SendAsync("PTTL", tight)), 1, 600_000);
        Assert.InRange(Milliseconds(await redis.SendAsync("PTTL", shortKey)), 1, 60_000);

        // Refused by the short rule: the wait is its counter's time to live, and no counter was made for bob.
        var wait = await group.TryAcquireAsync(["bob@example.com", "shared"], default);
        Assert.InRange(wait!.Value, TimeSpan.FromSeconds(50), TimeSpan.FromMinutes(1));
        Assert.Equal(2, Keys(connection, name).Length);

        // The short window ends (its key expires): bob's refused try was not counted, so his first one goes ahead.
        await redis.SendAsync("DEL", shortKey);
        Assert.Null(await group.TryAcquireAsync(["bob@example.com", "shared"], default));
        Assert.NotNull(await group.TryAcquireAsync(["bob@example.com", "other"], default));
    }

    private static string[] Keys(ConnectionMultiplexer connection, string group) =>
        [.. connection.GetServers().Single().Keys(pattern: $"sb:limit:{{{group}}}:*").Select(key => key.ToString()).Order(StringComparer.Ordinal)];

    private static long Milliseconds(string reply) => long.Parse(reply, CultureInfo.InvariantCulture);
}
