using SessionBridge.Tests.Infrastructure;
using StackExchange.Redis;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// Two app nodes on one Redis Cluster (3 primaries, 3 replicas), formed once for the test classes of
/// <see cref="ClusterCollectionDefinition"/>. The nodes know the cluster by all six endpoints, as a production configuration does.
/// </summary>
public sealed class ClusterNodes : TwoAppNodes
{
    public RedisCluster Cluster { get; } = new();

    protected override bool IsRunning => Cluster.IsRunning;

    protected override string ConnectionString => Cluster.ConnectionString;

    public override async Task<string[]> KeysAsync(string pattern)
    {
        using var admin = await Cluster.ConnectAsync();
        return [.. admin.GetServers()
            .Where(server => !server.IsReplica)
            .SelectMany(server => server.Keys(pattern: pattern, pageSize: 1000))
            .Select(key => (string)key!)];
    }

    protected override void EnsureAvailable() => Cluster.EnsureAvailable();

    protected override Task StartRedisAsync() => Cluster.InitializeAsync();

    protected override ValueTask StopRedisAsync() => Cluster.DisposeAsync();
}
