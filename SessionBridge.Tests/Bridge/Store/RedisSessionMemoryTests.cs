using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SessionBridge.Tests.Infrastructure;
using SessionBridge.Web.Bridge;
using SessionBridge.Web.Bridge.Keys;
using SessionBridge.Web.Bridge.Store;
using Xunit.Abstractions;

namespace SessionBridge.Tests.Bridge.Store;

/// <summary>
/// What a session costs in Redis memory (DESIGN.md §6: at most 300 B for a session of five short keys; the stock
/// RedisCache session costs 510 B). Measured as the growth of INFO memory's used_memory over 1,000 sessions on a
/// redis-server of its own, so the key table's buckets and the expiry table are paid for too.
/// </summary>
public sealed class RedisSessionMemoryTests(ITestOutputHelper output)
{
    private const int Sessions = 1000;
    private const int BudgetBytes = 300;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [SkippableFact]
    public async Task A_visitor_session_of_the_four_table_rows_and_its_info_costs_at_most_300_bytes_of_Redis_memory()
    {
        await using var redis = await RedisServer.StartNewAsync();
        var values = new Dictionary<string, string> { ["displayName"] = "Alice", ["theme"] = "dark", ["language"] = "en", ["compactMode"] = "false" };

        double perSession = await MeasureAsync(redis, "4 data-table rows + info, visitor", Rows(values), Visitor);

        Assert.True(perSession <= BudgetBytes, $"{perSession:F0} B per session; the budget is {BudgetBytes} B");
    }

    [SkippableFact]
    public async Task What_signed_in_and_data_table_shaped_sessions_cost()
    {
        await using var redis = await RedisServer.StartNewAsync();
        var shortValues = new Dictionary<string, string> { ["displayName"] = "Alice", ["theme"] = "dark", ["language"] = "en", ["compactMode"] = "false" };
        var fiveValues = new Dictionary<string, string>(shortValues) { ["pageSize"] = "20" };

        double fiveKeys = await MeasureAsync(redis, "5 short keys + info, visitor", fiveValues, Visitor);
        double signedIn = await MeasureAsync(redis, "4 short keys + info, signed in", shortValues, SignedIn);
        double tableRows = await MeasureAsync(redis, "4 data-table rows + info, signed in", Rows(shortValues), SignedIn);

        // Figures for the record, not a budget: the design's budget is the visitor case above.
        Assert.True(fiveKeys > 0 && signedIn > 0 && tableRows > 0);
    }

    private async Task<double> MeasureAsync(RedisServer redis, string shape, Dictionary<string, string> values, Func<SessionInfo> info)
    {
        var options = Options.Create(new SessionBridgeOptions());
        var bytes = values.ToDictionary(p => p.Key, p => Encoding.UTF8.GetBytes(p.Value), StringComparer.Ordinal);
        var expiresAt = _time.GetUtcNow().AddMinutes(20);
        var ids = Enumerable.Range(0, Sessions).Select(_ => SessionToken.Create().Id).ToList();

        // Measured with no client connected, so that connection buffers (which grow with pipelining) don't count, on
        // a server that has held as many sessions before: a fresh redis-server grows some of its own structures with
        // its first keys and keeps them after FLUSHALL, which would add a once-only ~100 B to each of the first thousand.
        using (var warmUp = await redis.ConnectAsync())
        {
            var store = new RedisSessionRecordStore(warmUp, options, _time);
            foreach (var batch in Enumerable.Range(0, Sessions).Chunk(50))
            {
                await Task.WhenAll(batch.Select(_ => store.CreateAsync(SessionToken.Create().Id, info(), bytes, expiresAt)));
            }
        }

        await redis.FlushAllAsync();
        long before = await IdleUsedMemoryAsync(redis);
        string key;
        using (var connection = await redis.ConnectAsync())
        {
            var store = new RedisSessionRecordStore(connection, options, _time);
            foreach (var batch in ids.Chunk(50))
            {
                await Task.WhenAll(batch.Select(id => store.CreateAsync(id, info(), bytes, expiresAt)));
            }

            key = store.KeyOf(ids[0]).ToString();
        }

        long after = await IdleUsedMemoryAsync(redis);
        string usage = await redis.SendAsync("MEMORY", "USAGE", key);
        string encoding = await redis.SendAsync("OBJECT", "ENCODING", key);

        double perSession = (after - before) / (double)Sessions;
        output.WriteLine($"{shape}: {perSession:F0} B of used_memory per session over {Sessions} sessions (MEMORY USAGE of one: {usage} B, {encoding}); info field {RedisSessionInfoFormat.Format(info()).Length} B");
        Assert.Equal(Sessions.ToString(CultureInfo.InvariantCulture), await redis.SendAsync("DBSIZE"));
        return perSession;
    }

    /// <summary>used_memory once only the measuring connection itself is left.</summary>
    private static async Task<long> IdleUsedMemoryAsync(RedisServer redis)
    {
        // A closing client's buffers still count until the server has dropped it.
        var waited = Stopwatch.StartNew();
        while (InfoField(await redis.SendAsync("INFO", "clients"), "connected_clients") != 1)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "other Redis clients still connected after 10 s: used_memory would count them");
            await Task.Delay(50);
        }

        return InfoField(await redis.SendAsync("INFO", "memory"), "used_memory");
    }

    private static long InfoField(string info, string name)
    {
        string line = info.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        return long.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
    }

    /// <summary>The values as the session data table stores them: each with its write time in front.</summary>
    private Dictionary<string, string> Rows(Dictionary<string, string> values) => values.ToDictionary(
        p => p.Key, p => Encoding.UTF8.GetString(SessionDataTable.EncodeRow(_time.GetUtcNow(), p.Value)), StringComparer.Ordinal);

    private SessionInfo Visitor()
    {
        var now = _time.GetUtcNow();
        return new SessionInfo(null, now, now, now.AddDays(90), false, null, null, null);
    }

    private SessionInfo SignedIn()
    {
        var now = _time.GetUtcNow();
        return new SessionInfo("alice", now, now, now.AddDays(90), true, now, "Firefox on Linux", "127.0.0.1");
    }
}
