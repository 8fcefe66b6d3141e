using SessionBridge.Tests.Infrastructure;
using StackExchange.Redis;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// Two app nodes on one Redis Cluster (3 primaries, 3 replicas), formed once for the test classes of
/// <see cref="ClusterCollectionDefinition"/>. The nodes know the cluster by all six endpoints, as a production configuration does.
/// </summary>
public sealed class ClusterNodes : ITwoNodes, IAsyncLifetime
{
    private SessionBridgeApp? _a;
    private SessionBridgeApp? _b;

    public RedisCluster Cluster { get; } = new();

    /// <summary>Node A; skips the test (fails it under CI=true) when redis-server is missing.</summary>
    public SessionBridgeApp A
    {
        get
        {
            Cluster.EnsureAvailable();
            return _a!;
        }
    }

    public SessionBridgeApp B
    {
        get
        {
            Cluster.EnsureAvailable();
            return _b!;
        }
    }

    public async Task<string[]> KeysAsync(string pattern)
    {
        using var admin = await Cluster.ConnectAsync();
        return [.. admin.GetServers()
            .Where(server => !server.IsReplica)
            .SelectMany(server => server.Keys(pattern: pattern, pageSize: 1000))
            .Select(key => (string)key!)];
    }

    public async Task InitializeAsync()
    {
        await Cluster.InitializeAsync();
        if (!Cluster.IsRunning)
        {
            return;
        }

        _a = RedisNodes.Node(Cluster.ConnectionString);
        _b = RedisNodes.Node(Cluster.ConnectionString);
        _ = _a.Services;
        _ = _b.Services;
    }

    public async Task DisposeAsync()
    {
        if (_a is not null)
        {
            await _a.DisposeAsync();
        }

        if (_b is not null)
        {
            await _b.DisposeAsync();
        }

        await Cluster.DisposeAsync();
    }
}
