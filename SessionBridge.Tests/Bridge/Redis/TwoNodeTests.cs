using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>Two app nodes on one real redis-server, started once for the class.</summary>
public sealed class TwoNodes : TwoAppNodes
{
    public RedisServer Redis { get; } = new();

    protected override bool IsRunning => Redis.IsRunning;

    protected override string ConnectionString => Redis.ConnectionString;

    public override Task<string[]> KeysAsync(string pattern) => RedisNodes.KeysAsync(Redis, pattern);

    protected override void EnsureAvailable() => Redis.EnsureAvailable();

    protected override Task StartRedisAsync() => Redis.InitializeAsync();

    protected override ValueTask StopRedisAsync() => Redis.DisposeAsync();
}

/// <summary>The cross-node tests on two nodes of one redis-server.</summary>
public sealed class TwoNodeTests(TwoNodes nodes) : CrossNodeTests(nodes), IClassFixture<TwoNodes>;
