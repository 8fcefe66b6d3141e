using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SessionBridge;
using SessionBridge.Sessions;
using SessionBridge.Store;
using SessionBridge.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace SessionBridge.Tests.Bridge.Store;

/// <summary>
/// Redis goes away mid-life and comes back on the same port: every store call fails fast with
/// <see cref="SessionStoreUnavailableException"/> (the bridge answers 503), and the very same store instance works
/// again once Redis is back, without being recreated. Each test has its own redis-server, since it stops it.
/// </summary>
public sealed class RedisSessionRecordStoreOutageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_fast = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [SkippableFact]
    public async Task A_stopped_Redis_makes_every_call_unavailable_and_the_same_store_recovers_when_it_returns()
    {
        await using var redis = await RedisServer.StartNewAsync();
        using var connection = await ConnectAsync(redis);
        var store = new RedisSessionRecordStore(connection, Options.Create(new SessionBridgeOptions()), _time);
        string id = SessionToken.Create().Id;
        await store.CreateAsync(id, Visitor(), Values(("theme", "dark")), _time.GetUtcNow().AddMinutes(20));

        await redis.StopAsync();

        await AssertUnavailableAsync("load", () => store.LoadAsync(id));
        await AssertUnavailableAsync("commit", () => store.CommitAsync(id, Change(("theme", "light"))));
        await AssertUnavailableAsync("create", () => store.CreateAsync(SessionToken.Create().Id, Visitor(), Values(), _time.GetUtcNow().AddMinutes(20)));
        await AssertUnavailableAsync("delete", () => store.DeleteAsync(id));
        await AssertUnavailableAsync("ping", () => store.PingAsync());

        await redis.StartAsync();
        await WaitUntilAnswersAsync(store);

        // No persistence in the test server: the outage lost the session, which the store reports as gone.
        Assert.Null(await store.LoadAsync(id));
        Assert.False(await store.CommitAsync(id, Change(("theme", "light"))));

        // The restarted server has an empty script cache: the scripts are sent again by themselves.
        string fresh = SessionToken.Create().Id;
        await store.CreateAsync(fresh, Visitor(), Values(("theme", "dark")), _time.GetUtcNow().AddMinutes(20));
        Assert.True(await store.CommitAsync(fresh, Change(("language", "en"))));
        var record = await store.LoadAsync(fresh);
        Assert.NotNull(record);
        Assert.Equal(["language", "theme"], record.Values.Keys.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task The_session_index_is_unavailable_while_Redis_is_down_and_works_after()
    {
        await using var redis = await RedisServer.StartNewAsync();
        using var connection = await ConnectAsync(redis);
        var options = Options.Create(new SessionBridgeOptions());
        var index = new RedisSessionIndex(connection, options);
        var store = new RedisSessionRecordStore(connection, options, _time);

        await redis.StopAsync();
        await AssertUnavailableAsync("index add", () => index.AddAsync("alice", "s1"));
        await AssertUnavailableAsync("index list", () => index.ListAsync("alice"));
        await AssertUnavailableAsync("index remove", () => index.RemoveAsync("alice", "s1"));

        await redis.StartAsync();
        await WaitUntilAnswersAsync(store);
        await index.AddAsync("alice", "s1");
        Assert.Equal(["s1"], await index.ListAsync("alice"));
    }

    [SkippableFact]
    public async Task The_failure_names_what_failed_and_keeps_the_Redis_exception()
    {
        await using var redis = await RedisServer.StartNewAsync();
        using var connection = await ConnectAsync(redis);
        var store = new RedisSessionRecordStore(connection, Options.Create(new SessionBridgeOptions()), _time);
        await redis.StopAsync();

        var failure = await Assert.ThrowsAsync<SessionStoreUnavailableException>(() => store.LoadAsync(SessionToken.Create().Id));

        output.WriteLine(failure.Message);
        Assert.StartsWith("Redis load of a session (HGETALL) failed", failure.Message, StringComparison.Ordinal);
        Assert.True(failure.InnerException is RedisException or RedisTimeoutException, failure.InnerException?.GetType().FullName);
    }

    private async Task AssertUnavailableAsync(string what, Func<Task> call)
    {
        var stopwatch = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<SessionStoreUnavailableException>(call);
        output.WriteLine($"{what}: {failure.GetType().Name} after {stopwatch.ElapsedMilliseconds} ms ({failure.InnerException?.GetType().Name})");
        Assert.True(stopwatch.Elapsed < s_fast, $"{what} took {stopwatch.Elapsed} to fail");
        Assert.NotNull(failure.InnerException);
    }

    private static async Task WaitUntilAnswersAsync(RedisSessionRecordStore store)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await store.PingAsync();
                return;
            }
            catch (SessionStoreUnavailableException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>
    /// As the app connects: no abort on a failed connect, and no backlog, so a call fails at once while Redis is away.
    /// A call caught mid-flight by the stop fails by its timeout instead, which stays well inside <see cref="s_fast"/>.
    /// </summary>
    private static async Task<ConnectionMultiplexer> ConnectAsync(RedisServer redis)
    {
        var options = ConfigurationOptions.Parse(string.Create(CultureInfo.InvariantCulture,
            $"{redis.ConnectionString},syncTimeout=2000,asyncTimeout=2000"));
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    private SessionInfo Visitor() => StoreRecords.Visitor(_time);

    private SessionChange Change(params (string Key, string Value)[] set) => StoreRecords.Change(_time, set);

    private static Dictionary<string, byte[]> Values(params (string Key, string Value)[] values) => StoreRecords.Values(values);
}
