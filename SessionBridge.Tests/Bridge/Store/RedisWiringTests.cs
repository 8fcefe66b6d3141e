using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using SessionBridge;
using SessionBridge.Sessions;
using SessionBridge.Store;
using SessionBridge.Tests.Infrastructure;
using StackExchange.Redis;

namespace SessionBridge.Tests.Bridge.Store;

/// <summary>AddSessionBridgeRedis switches every shared part to Redis at once, over one multiplexer.</summary>
public sealed class RedisWiringTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [SkippableFact]
    public async Task With_a_Redis_connection_string_store_index_cache_and_key_ring_share_one_multiplexer()
    {
        string name = "sb-wiring-" + Guid.NewGuid().ToString("N")[..8];
        await using var node = Node($"{redis.ConnectionString},name={name}");

        var store = node.GetRequiredService<ISessionRecordStore>();
        string id = SessionToken.Create().Id;
        var now = DateTimeOffset.UtcNow;
        await store.CreateAsync(id, new SessionInfo(null, now, now, now.AddDays(1), false, null, null, null), new Dictionary<string, byte[]>(), now.AddMinutes(5));
        await node.GetRequiredService<ISessionIndex>().AddAsync("alice", id);
        await node.GetRequiredService<IDistributedCache>().SetAsync("handoff:test", [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(1) });
        node.GetRequiredService<IDataProtectionProvider>().CreateProtector("wiring").Protect("hello");

        Assert.Equal("redis", store.Kind);
        Assert.IsType<RedisSessionIndex>(node.GetRequiredService<ISessionIndex>());
        Assert.Equal("hash", await redis.SendAsync("TYPE", "sb:{" + id + "}"));
        Assert.Equal("hash", await redis.SendAsync("TYPE", "sb:user:{alice}"));
        Assert.Equal("hash", await redis.SendAsync("TYPE", "sb:handoff:test"));
        Assert.Equal("list", await redis.SendAsync("TYPE", "sb:dataprotection-keys"));

        // One multiplexer: its interactive and its subscription connection, nothing else. The subscription connection
        // may still be finishing its handshake (CLIENT SETNAME) after the calls above returned.
        var waited = Stopwatch.StartNew();
        int connections = await ConnectionsNamedAsync(name);
        while (connections < 2 && waited.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20);
            connections = await ConnectionsNamedAsync(name);
        }

        Assert.Equal(2, connections);
    }

    private async Task<int> ConnectionsNamedAsync(string name) =>
        (await redis.SendAsync("CLIENT", "LIST")).Split('\n').Count(line => line.Contains($" name={name} ", StringComparison.Ordinal));

    [SkippableFact]
    public async Task What_one_node_protects_another_node_on_the_same_Redis_opens()
    {
        await using var nodeA = Node(redis.ConnectionString);
        await using var nodeB = Node(redis.ConnectionString);

        string cookie = nodeA.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("alice");

        Assert.Equal("alice", nodeB.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Unprotect(cookie));
        await nodeA.GetRequiredService<IDistributedCache>().SetAsync("handoff:shared", Encoding.UTF8.GetBytes("x"));
        Assert.NotNull(await nodeB.GetRequiredService<IDistributedCache>().GetAsync("handoff:shared"));
    }

    [Fact]
    public async Task Without_a_Redis_connection_string_everything_stays_in_process()
    {
        await using var node = Node(null);

        Assert.IsType<MemorySessionRecordStore>(node.GetRequiredService<ISessionRecordStore>());
        Assert.IsType<MemorySessionIndex>(node.GetRequiredService<ISessionIndex>());
        Assert.IsType<MemoryDistributedCache>(node.GetRequiredService<IDistributedCache>());
        Assert.Null(node.GetService<IConnectionMultiplexer>());
    }

    private static ServiceProvider Node(string? connectionString)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = "Production", ApplicationName = "SessionBridge.Web" });
        services.AddSessionBridge([], bridge =>
        {
            bridge.LoginPath = "/login";
            bridge.EventsPath = "/events";
        });
        if (connectionString is not null)
        {
            services.AddSessionBridgeRedis(connectionString);
        }

        // As an app may do after the bridge: its own cache, which Redis's supersedes.
        services.AddDistributedMemoryCache();
        return services.BuildServiceProvider();
    }
}
