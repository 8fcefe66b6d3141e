using System.Globalization;

namespace SessionBridge.Bench;

/// <summary>
/// A Redis Cluster of 3 primaries and 3 replicas for the cluster cases: six of Debian's redis-server on free loopback
/// ports (each also listens on port + 10000, the cluster bus), no persistence, each in a directory of its own under the
/// run's log directory for its nodes.conf, joined with <c>redis-cli --cluster create … --cluster-replicas 1</c>. The
/// run stops the processes with the other servers. As SessionBridge.Tests/Infrastructure/RedisCluster.cs, but with the
/// default cluster-node-timeout: the benchmark never fails a node over, and a loaded machine must not make it think one
/// failed.
/// </summary>
internal sealed class RedisCluster
{
    private const int NodeCount = 6;

    private RedisCluster(IReadOnlyList<RedisStats> nodes) => Nodes = nodes;

    /// <summary>Every node, primaries and replicas: MONITOR watches them all.</summary>
    public IReadOnlyList<RedisStats> Nodes { get; }

    /// <summary>The app's connection string: every node's endpoint, as README "Run on Redis Cluster" says.</summary>
    public string ConnectionString => string.Join(',', Nodes.Select(n => "127.0.0.1:" + Invariant(n.Port)));

    public static async Task<RedisCluster> StartAsync(ICollection<ServerProcess> servers, string logDirectory, Func<Func<Task<bool>>, string, Task> waitUntil)
    {
        var nodes = new List<RedisStats>();
        for (int i = 0; i < NodeCount; i++)
        {
            int port = FreePort.NextWithClusterBus();
            string directory = Directory.CreateDirectory(Path.Combine(logDirectory, "cluster-" + Invariant(port))).FullName;
            var process = ServerProcess.Start(
                "redis-cluster-" + Invariant(port),
                "redis-server",
                ["--port", Invariant(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory,
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"],
                new Dictionary<string, string>(),
                directory,
                logDirectory);
            servers.Add(process);
            var node = new RedisStats(port);
            await waitUntil(
                () =>
                {
                    process.ThrowIfExited();
                    return Task.FromResult(node.Cli("PING").Trim() == "PONG");
                },
                process.Name);
            nodes.Add(node);
        }

        string created = nodes[0].Cli(["--cluster", "create", .. nodes.Select(n => "127.0.0.1:" + Invariant(n.Port)), "--cluster-replicas", "1", "--cluster-yes"]);
        if (!created.Contains("All 16384 slots covered", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("redis-cli --cluster create did not cover every slot:\n" + created);
        }

        foreach (var node in nodes)
        {
            await waitUntil(() => Task.FromResult(node.Cli("CLUSTER", "INFO").Contains("cluster_state:ok", StringComparison.Ordinal)), $"cluster node {node.Port} to see the cluster ok");
            await waitUntil(
                () =>
                {
                    string replication = node.Cli("INFO", "replication");
                    return Task.FromResult(replication.Contains("role:master", StringComparison.Ordinal) || replication.Contains("master_link_status:up", StringComparison.Ordinal));
                },
                $"cluster node {node.Port} to be a primary or a replica in sync");
        }

        return new RedisCluster(nodes);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
