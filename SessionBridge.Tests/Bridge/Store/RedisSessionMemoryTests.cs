using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SessionBridge;
using SessionBridge.Keys;
using SessionBridge.Sessions;
using SessionBridge.Store;
using SessionBridge.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace SessionBridge.Tests.Bridge.Store;

/// <summary>
/// What a session costs in Redis memory (the target: at most 300 B per session; the stock RedisCache session costs
/// 510 B). Measured as the growth of INFO memory's used_memory over 1,000 sessions on a redis-server of its own, so the
/// key table's buckets and the expiry table are paid for too, and a signed-in session's share of its user's index.
/// </summary>
public sealed class RedisSessionMemoryTests(ITestOutputHelper output)
{
    private const int Sessions = 1000;
    private const int BudgetBytes = 300;

    /// <summary>
    /// A user's only session cannot be within the budget: it is two Redis keys with a TTL, the session's hash and the
    /// user's index. Each key costs 112 B before its value (a 32 B entry in the key table and another in the expiry
    /// table, its 32 B name, its 16 B object) and ~16 B of those two tables' buckets: 256 B for the two. The session's
    /// listpack is 80 B (the display name row and 27 B of info) and the index's 48 B (one 22-character id is 33 B: a
    /// byte past the 32 B class), so 384 B. It was 711 B: the index a set (always a hashtable in Redis 7.0) and the info
    /// 75 B of text, which made the session's hash a hashtable too.
    /// </summary>
    private const int OnlySessionBytes = 390;

    private static readonly Dictionary<string, string> DisplayName = new() { ["displayName"] = "Alice" };

    private static readonly Dictionary<string, string> FourRows = new() { ["displayName"] = "Alice", ["theme"] = "dark", ["language"] = "en", ["compactMode"] = "false" };

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [SkippableFact]
    public async Task A_visitor_session_of_the_four_table_rows_and_its_info_costs_at_most_300_bytes_of_Redis_memory()
    {
        await using var redis = await RedisServer.StartNewAsync();

        double perSession = await MeasureAsync(redis, "visitor, 4 data-table rows", FourRows, _ => Visitor(), sessionsPerUser: 0);

        Assert.True(perSession <= BudgetBytes, $"{perSession:F0} B per session; the budget is {BudgetBytes} B");
    }

    [SkippableFact]
    public async Task A_signed_in_session_with_a_display_name_costs_at_most_300_bytes_of_Redis_memory_as_one_of_its_users_sessions()
    {
        await using var redis = await RedisServer.StartNewAsync();

        // Ten devices each, and seen again a day after signing in (the refresh makes the info a few bytes longer).
        double perSession = await MeasureAsync(redis, "signed in, display name, one of its user's 10", DisplayName, SeenADayLater, sessionsPerUser: 10);

        Assert.True(perSession <= BudgetBytes, $"{perSession:F0} B per session; the budget is {BudgetBytes} B");
    }

    [SkippableFact]
    public async Task A_users_only_signed_in_session_with_its_index_key_costs_at_most_390_bytes_of_Redis_memory()
    {
        await using var redis = await RedisServer.StartNewAsync();

        double perSession = await MeasureAsync(redis, "signed in, display name, its user's only session", DisplayName, SeenADayLater, sessionsPerUser: 1);

        Assert.True(perSession <= OnlySessionBytes, $"{perSession:F0} B per session and its index; the bound reached is {OnlySessionBytes} B");
    }

    [SkippableFact]
    public async Task What_other_session_shapes_cost()
    {
        await using var redis = await RedisServer.StartNewAsync();
        var fiveKeys = new Dictionary<string, string>(FourRows) { ["pageSize"] = "20" };

        double five = await MeasureAsync(redis, "visitor, 5 short keys", fiveKeys, _ => Visitor(), sessionsPerUser: 0, rows: false);
        double justSignedIn = await MeasureAsync(redis, "signed in just now, display name, one of its user's 10", DisplayName, JustSignedIn, sessionsPerUser: 10);
        double thousand = await MeasureAsync(redis, "signed in, display name, one of its user's 1,000", DisplayName, SeenADayLater, sessionsPerUser: Sessions);
        double fourRows = await MeasureAsync(redis, "signed in, 4 data-table rows, one of its user's 10", FourRows, SeenADayLater, sessionsPerUser: 10);
        double guid = await MeasureAsync(redis, "signed in, GUID user id and IPv6, display name, one of its user's 10", DisplayName, OnIPv6, sessionsPerUser: 10, guidUserIds: true);

        // Figures for the record (see the test output), not budgets.
        Assert.All([five, justSignedIn, thousand, fourRows, guid], figure => Assert.True(figure > 0));
    }

    /// <summary>
    /// used_memory growth per session over <see cref="Sessions"/> sessions made by the store, each with the values
    /// given; with <paramref name="sessionsPerUser"/> &gt; 0 they are signed in and added to their users' indexes.
    /// </summary>
    private async Task<double> MeasureAsync(
        RedisServer redis, string shape, Dictionary<string, string> values, Func<string, SessionInfo> info, int sessionsPerUser, bool rows = true, bool guidUserIds = false)
    {
        var options = Options.Create(new SessionBridgeOptions());
        var stored = values.ToDictionary(
            p => p.Key, p => rows ? SessionDataTable.EncodeRow(_time.GetUtcNow(), p.Value) : Encoding.UTF8.GetBytes(p.Value), StringComparer.Ordinal);
        var expiresAt = _time.GetUtcNow().AddMinutes(20);
        int users = sessionsPerUser > 0 ? Sessions / sessionsPerUser : 0;

        // Measured with no client connected, so that connection buffers (which grow with pipelining) don't count, on
        // a server that has held as many sessions before: a fresh redis-server grows some of its own structures with
        // its first keys and keeps them after FLUSHALL, which would add a once-only ~100 B to each of the first thousand.
        using (var warmUp = await redis.ConnectAsync())
        {
            await CreateAsync(warmUp, "warm-up-");
        }

        await redis.FlushAllAsync();
        long before = await IdleUsedMemoryAsync(redis);
        string session, user, userKey;
        using (var connection = await redis.ConnectAsync())
        {
            (session, user, userKey) = await CreateAsync(connection, "user-");
        }

        long after = await IdleUsedMemoryAsync(redis);
        double perSession = (after - before) / (double)Sessions;
        output.WriteLine($"{shape}: {perSession:F0} B of used_memory per session over {Sessions:N0} sessions; "
            + $"MEMORY USAGE and OBJECT ENCODING of a session: {await redis.SendAsync("MEMORY", "USAGE", session)} B, {await redis.SendAsync("OBJECT", "ENCODING", session)}"
            + (sessionsPerUser > 0 ? $", of its user's index: {await redis.SendAsync("MEMORY", "USAGE", userKey)} B, {await redis.SendAsync("OBJECT", "ENCODING", userKey)}" : string.Empty)
            + $"; info field {RedisSessionInfoFormat.Format(info(user)).Length} B");
        Assert.Equal((Sessions + users).ToString(CultureInfo.InvariantCulture), await redis.SendAsync("DBSIZE"));
        return perSession;

        async Task<(string Session, string User, string UserKey)> CreateAsync(IConnectionMultiplexer connection, string userPrefix)
        {
            var store = new RedisSessionRecordStore(connection, options, _time);
            var index = new RedisSessionIndex(connection, options);
            string[] userIds = [.. Enumerable.Range(0, Math.Max(users, 1)).Select(n => guidUserIds ? Guid.NewGuid().ToString("D") : userPrefix + n)];
            var ids = Enumerable.Range(0, Sessions).Select(i => (Id: SessionToken.Create().Id, User: userIds[sessionsPerUser > 0 ? i / sessionsPerUser : 0])).ToList();
            foreach (var batch in ids.Chunk(50))
            {
                await Task.WhenAll(batch.Select(async s =>
                {
                    await store.CreateAsync(s.Id, sessionsPerUser > 0 ? info(s.User) : Visitor(), stored, expiresAt);
                    if (sessionsPerUser > 0)
                    {
                        await index.AddAsync(s.User, s.Id);
                    }
                }));
            }

            return (store.KeyOf(ids[0].Id).ToString(), ids[0].User, index.KeyOf(ids[0].User).ToString());
        }
    }

    /// <summary>used_memory once only the measuring connection itself is left and the key tables are rehashed.</summary>
    private static async Task<long> IdleUsedMemoryAsync(RedisServer redis)
    {
        // A closing client's buffers still count until the server has dropped it.
        var waited = Stopwatch.StartNew();
        while (InfoField(await redis.SendAsync("INFO", "clients"), "connected_clients") != 1)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "other Redis clients still connected after 10 s: used_memory would count them");
            await Task.Delay(50);
        }

        // A table that grew keeps its old buckets until it is rehashed, which Redis's cron finishes (every 100 ms): the
        // figure is the one that two readings 250 ms apart agree on.
        long usedMemory = InfoField(await redis.SendAsync("INFO", "memory"), "used_memory");
        while (true)
        {
            await Task.Delay(250);
            long again = InfoField(await redis.SendAsync("INFO", "memory"), "used_memory");
            if (again == usedMemory)
            {
                return usedMemory;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "used_memory still changing after 10 s");
            usedMemory = again;
        }
    }

    private static long InfoField(string info, string name)
    {
        string line = info.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        return long.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
    }

    private SessionInfo Visitor()
    {
        var now = _time.GetUtcNow();
        return new SessionInfo(null, now, now, now.AddDays(90), false, null, null, null);
    }

    /// <summary>Right after the sign-in, as the benchmark measures it: last seen when created.</summary>
    private SessionInfo JustSignedIn(string userId)
    {
        var now = _time.GetUtcNow();
        return new SessionInfo(userId, now, now, now.AddDays(90), true, now, "Firefox on Linux", "203.0.113.195");
    }

    /// <summary>Signed in a day ago and seen now: what most of the time a signed-in session holds.</summary>
    private SessionInfo SeenADayLater(string userId)
    {
        var now = _time.GetUtcNow();
        var signedIn = now.AddDays(-1).AddMilliseconds(-321);
        return new SessionInfo(userId, signedIn, now, signedIn.AddDays(90), true, signedIn, "Firefox on Linux", "203.0.113.195");
    }

    /// <summary>On a full IPv6 address, seen a day after signing in.</summary>
    private SessionInfo OnIPv6(string userId) =>
        SeenADayLater(userId) with { Ip = "2a02:8108:1cc0:3d2f:a9e4:7b21:5c3e:9f10", Device = "Chrome on Windows" };
}
