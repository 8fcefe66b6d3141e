using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SessionBridge;
using SessionBridge.Store;
using SessionBridge.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace SessionBridge.Tests.Bridge.Store;

/// <summary>
/// The Redis session store against a real redis-server (one per test class, so the command counts see only this
/// class's traffic; xunit runs a class's tests one after another).
/// Round trips are counted as top-level commands in INFO commandstats: Redis also counts the commands a script runs
/// (EXISTS, HSET, HDEL, PEXPIRE inside EVALSHA) under their own names, so those are checked separately, as what the
/// one EVALSHA did, not as trips over the network.
/// </summary>
public sealed class RedisSessionRecordStoreTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private static readonly string[] s_scriptCommands = ["exists", "hset", "hdel", "del", "pexpire"];

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [SkippableFact]
    public async Task Load_is_one_HGETALL_and_a_commit_of_one_key_is_one_EVALSHA()
    {
        using var connection = await redis.ConnectAsync();
        var store = Store(connection);
        string id = NewId();
        await store.CreateAsync(id, Visitor(), Values(("theme", "light")), _time.GetUtcNow().AddMinutes(20));
        await store.CommitAsync(id, Change(("warm", "up"))); // both scripts are loaded now (SCRIPT LOAD, once per server)

        var beforeLoad = await QuietCommandStatsAsync();
        var record = await store.LoadAsync(id);
        var load = Delta(beforeLoad, await redis.CommandStatsAsync());

        var beforeCommit = await QuietCommandStatsAsync();
        Assert.True(await store.CommitAsync(id, Change(("theme", "dark"))));
        var commit = Delta(beforeCommit, await redis.CommandStatsAsync());

        output.WriteLine($"load:   {Describe(load)}");
        output.WriteLine($"commit: {Describe(commit)}");
        Assert.NotNull(record);
        Assert.Equal(new Dictionary<string, long> { ["hgetall"] = 1 }, load);
        Assert.Equal(1, RoundTrips(commit));
        Assert.Equal(1, commit["evalsha"]);
        Assert.Equal(new Dictionary<string, long> { ["evalsha"] = 1, ["exists"] = 1, ["hset"] = 1, ["pexpire"] = 1 }, commit);
    }

    [SkippableFact]
    public async Task Create_is_one_EVALSHA_and_a_session_reads_back_as_written()
    {
        using var connection = await redis.ConnectAsync();
        var store = Store(connection);
        await store.CreateAsync(NewId(), Visitor(), Values(), _time.GetUtcNow().AddMinutes(20)); // loads the script
        var now = _time.GetUtcNow();
        var info = new SessionInfo("al|ice\\", now, now.AddSeconds(61), now.AddDays(90), true, now, "Firefox on Linux", "::1");
        string id = NewId();

        var before = await QuietCommandStatsAsync();
        await store.CreateAsync(id, info, Values(("displayName", "Alice"), ("theme", "dark")), now.AddDays(30));
        var create = Delta(before, await redis.CommandStatsAsync());
        var record = await store.LoadAsync(id);

        output.WriteLine($"create: {Describe(create)}");
        Assert.Equal(new Dictionary<string, long> { ["evalsha"] = 1, ["del"] = 1, ["hset"] = 1, ["pexpire"] = 1 }, create);
        Assert.NotNull(record);
        Assert.Equal(info with { CreatedAt = Ms(now), LastSeenAt = Ms(now.AddSeconds(61)), AbsoluteExpiresAt = Ms(now.AddDays(90)), SignedInAt = Ms(now) }, record.Info);
        Assert.Equal(["displayName", "theme"], record.Values.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("Alice", Encoding.UTF8.GetString(record.Values["displayName"]));
    }

    [SkippableFact]
    public async Task A_commit_sets_and_removes_only_its_keys_and_updates_the_info_when_it_changed()
    {
        using var connection = await redis.ConnectAsync();
        var store = Store(connection);
        string id = NewId();
        await store.CreateAsync(id, Visitor(), Values(("displayName", "Alice"), ("theme", "dark"), ("language", "en")), _time.GetUtcNow().AddMinutes(20));

        var seen = Visitor() with { LastSeenAt = _time.GetUtcNow().AddMinutes(5) };
        Assert.True(await store.CommitAsync(id, new SessionChange(Values(("theme", "light")), ["language"], seen, _time.GetUtcNow().AddMinutes(25))));
        var record = await store.LoadAsync(id);

        Assert.NotNull(record);
        Assert.Equal(Ms(seen.LastSeenAt), record.Info.LastSeenAt);
        Assert.Equal(["displayName", "theme"], record.Values.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("light", Encoding.UTF8.GetString(record.Values["theme"]));
    }

    [SkippableFact]
    public async Task Two_hundred_concurrent_commits_of_distinct_keys_to_one_session_all_land()
    {
        const int Writes = 200;
        using var connection = await redis.ConnectAsync();
        var store = Store(connection);
        var lifetimes = new SessionLifetimes(Options.Create(new SessionOptions()), Options.Create(new SessionBridgeOptions()));
        string id = NewId();
        await store.CreateAsync(id, Visitor(), Values(("theme", "dark")), _time.GetUtcNow().AddMinutes(20));

        // Each as its own request would: its own BridgeSession, loaded before any of them commits.
        var sessions = Enumerable.Range(0, Writes).Select(_ => new BridgeSession(store, lifetimes, _time, id, Timeout.InfiniteTimeSpan, static _ => ValueTask.FromResult<TimeSpan?>(null))).ToList();
        await Task.WhenAll(sessions.Select(session => session.LoadAsync()));
        await Task.WhenAll(sessions.Select((session, i) => Task.Run(async () =>
        {
            session.Set($"k{i}", Encoding.UTF8.GetBytes($"v{i}"));
            await session.CommitAsync();
        })));
        var record = await store.LoadAsync(id);

        Assert.NotNull(record);
        int kept = Enumerable.Range(0, Writes).Count(i => record.Values.TryGetValue($"k{i}", out var v) && Encoding.UTF8.GetString(v) == $"v{i}");
        output.WriteLine($"Redis store: {kept} of {Writes} concurrent commits of distinct keys kept");
        Assert.Equal(Writes, kept);
        Assert.Equal("dark", Encoding.UTF8.GetString(record.Values["theme"]));
    }

    [SkippableFact]
    public async Task A_commit_to_a_deleted_session_returns_false_and_does_not_bring_it_back()
    {
        using var connection = await redis.ConnectAsync();
        var store = Store(connection);
        string id = NewId();
        await store.CreateAsync(id, Visitor(), Values(("theme", "dark")), _time.GetUtcNow().AddMinutes(20));
        Assert.NotNull(await store.LoadAsync(id));

        Assert.True(await store.DeleteAsync(id));
        Assert.False(await store.DeleteAsync(id)); // only the caller that removed it hears true
        Assert.False(await store.CommitAsync(id, Change(("theme", "light"))));

        Assert.Equal("0", await redis.SendAsync("EXISTS", store.KeyOf(id).ToString()));
        Assert.Null(await store.LoadAsync(id));
    }

    [SkippableFact]
    public async Task A_session_lives_as_long_as_its_Redis_TTL_and_is_gone_after()
    {
        using var connection = await redis.ConnectAsync();
        var store = Store(connection);
        string id = NewId();
        string key = store.KeyOf(id).ToString();

        // Redis TTL runs on real time: a short real expiry, with room for a stalled machine between the steps.
        await store.CreateAsync(id, Visitor(), Values(("theme", "dark")), _time.GetUtcNow().AddMilliseconds(3000));
        long ttl = long.Parse(await redis.SendAsync("PTTL", key), CultureInfo.InvariantCulture);
        var (bytes, describedTtl) = await store.DescribeAsync(id);
        output.WriteLine($"PTTL right after create: {ttl} ms; MEMORY USAGE {bytes} B");
        Assert.InRange(ttl, 500, 3000);
        Assert.NotNull(describedTtl);
        Assert.InRange(describedTtl.Value.TotalMilliseconds, 500, 3000);
        Assert.InRange(bytes, 1, 1000);

        var waited = Stopwatch.StartNew();
        while (await redis.SendAsync("EXISTS", key) != "0")
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the session outlived its TTL by seconds");
            await Task.Delay(100);
        }

        Assert.Null(await store.LoadAsync(id));
        Assert.Equal("0", await redis.SendAsync("EXISTS", key));
        Assert.False(await store.CommitAsync(id, Change(("theme", "light"))));
        Assert.Equal("0", await redis.SendAsync("EXISTS", key));
    }

    [SkippableFact]
    public async Task A_commit_moves_the_expiry_in_the_same_round_trip()
    {
        using var connection = await redis.ConnectAsync();
        var store = Store(connection);
        string id = NewId();
        await store.CreateAsync(id, Visitor(), Values(("theme", "dark")), _time.GetUtcNow().AddMinutes(1));

        _time.Advance(TimeSpan.FromMinutes(5)); // the app's clock decides the new expiry: 20 minutes from its now
        Assert.True(await store.CommitAsync(id, Change(("theme", "light")) with { ExpiresAt = _time.GetUtcNow().AddMinutes(20) }));

        long ttl = long.Parse(await redis.SendAsync("PTTL", store.KeyOf(id).ToString()), CultureInfo.InvariantCulture);
        Assert.InRange(ttl, TimeSpan.FromMinutes(19).TotalMilliseconds, TimeSpan.FromMinutes(20).TotalMilliseconds);
    }

    [SkippableFact]
    public async Task Keys_starting_with_at_are_reserved_for_the_store()
    {
        using var connection = await redis.ConnectAsync();
        var store = Store(connection);
        string id = NewId();

        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateAsync(id, Visitor(), Values(("@", "x")), _time.GetUtcNow().AddMinutes(1)));
        await store.CreateAsync(id, Visitor(), Values(("theme", "dark")), _time.GetUtcNow().AddMinutes(1));
        await Assert.ThrowsAsync<ArgumentException>(() => store.CommitAsync(id, Change(("@x", "y"))));
        await Assert.ThrowsAsync<ArgumentException>(() => store.CommitAsync(id, new SessionChange(Values(), ["@"], null, _time.GetUtcNow().AddMinutes(1))));
        Assert.NotNull(await store.LoadAsync(id));
    }

    [SkippableFact]
    public async Task A_hash_without_the_info_field_is_not_a_session()
    {
        using var connection = await redis.ConnectAsync();
        var store = Store(connection);
        string id = NewId();
        await redis.SendAsync("HSET", store.KeyOf(id).ToString(), "theme", "dark");

        Assert.Null(await store.LoadAsync(id));
    }

    [SkippableFact]
    public async Task A_session_whose_info_a_later_release_wrote_is_not_resumed_nor_touched_and_the_version_is_logged_once()
    {
        using var connection = await redis.ConnectAsync();
        using var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        var store = new RedisSessionRecordStore(connection, Options.Create(new SessionBridgeOptions()), _time, loggers.CreateLogger<RedisSessionRecordStore>());
        string id = NewId();
        await store.CreateAsync(id, Visitor(), Values(("theme", "dark")), _time.GetUtcNow().AddMinutes(20));
        byte[] later = [RedisSessionInfoFormat.Envelope, 7, .. RedisSessionInfoFormat.Format(Visitor())];
        await connection.GetDatabase().HashSetAsync(store.KeyOf(id), RedisSessionRecordStore.InfoField, later);

        Assert.Null(await store.LoadAsync(id));
        Assert.Null(await store.LoadAsync(id));

        Assert.Equal(later, (byte[])(await connection.GetDatabase().HashGetAsync(store.KeyOf(id), RedisSessionRecordStore.InfoField))!);
        Assert.Equal("dark", (string)(await connection.GetDatabase().HashGetAsync(store.KeyOf(id), "theme"))!);
        var logged = Assert.Single(logs.Matching("format version 7"));
        Assert.Equal(LogLevel.Warning, logged.Level);
        Assert.Contains("session info", logged.Message, StringComparison.Ordinal);
    }

    private RedisSessionRecordStore Store(IConnectionMultiplexer connection) =>
        new(connection, Options.Create(new SessionBridgeOptions()), _time);

    private static string NewId() => SessionToken.Create().Id;

    private SessionInfo Visitor() => StoreRecords.Visitor(_time);

    private SessionChange Change(params (string Key, string Value)[] set) => StoreRecords.Change(_time, set);

    private static Dictionary<string, byte[]> Values(params (string Key, string Value)[] values) => StoreRecords.Values(values);

    private static DateTimeOffset Ms(DateTimeOffset at) => DateTimeOffset.FromUnixTimeMilliseconds(at.ToUnixTimeMilliseconds());

    /// <summary>INFO commandstats once it has stopped moving (a new connection finishes its handshake after ConnectAsync).</summary>
    private async Task<IReadOnlyDictionary<string, long>> QuietCommandStatsAsync()
    {
        await redis.QuietCommandCountAsync();
        return await redis.CommandStatsAsync();
    }

    private static Dictionary<string, long> Delta(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        after.Where(s => s.Key.Split('|')[0] is not ("info" or "config") && s.Value != before.GetValueOrDefault(s.Key))
            .ToDictionary(s => s.Key, s => s.Value - before.GetValueOrDefault(s.Key), StringComparer.Ordinal);

    /// <summary>Top-level commands: everything except what a script runs inside its one EVALSHA.</summary>
    private static long RoundTrips(Dictionary<string, long> delta) =>
        delta.Where(d => !(delta.ContainsKey("evalsha") && s_scriptCommands.Contains(d.Key))).Sum(d => d.Value);

    private static string Describe(Dictionary<string, long> delta) =>
        string.Join(", ", delta.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key}={d.Value}"));
}
