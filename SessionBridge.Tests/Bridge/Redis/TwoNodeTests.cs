using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>Two app nodes on one real redis-server, started once for the class.</summary>
public sealed class TwoNodes : ITwoNodes, IAsyncLifetime
{
    private SessionBridgeApp? _a;
    private SessionBridgeApp? _b;

    public RedisServer Redis { get; } = new();

    /// <summary>Node A; skips the test (fails it under CI=true) when redis-server is missing.</summary>
    public SessionBridgeApp A
    {
        get
        {
            Redis.EnsureAvailable();
            return _a!;
        }
    }

    public SessionBridgeApp B
    {
        get
        {
            Redis.EnsureAvailable();
            return _b!;
        }
    }

    public Task<string[]> KeysAsync(string pattern) => RedisNodes.KeysAsync(Redis, pattern);

    public async Task InitializeAsync()
    {
        await Redis.InitializeAsync();
        if (!Redis.IsRunning)
        {
            return; // no redis-server: every test skips (or fails under CI) when it asks for a node
        }

        _a = RedisNodes.Node(Redis);
        _b = RedisNodes.Node(Redis);

        // Start both hosts now (each subscribes to the event channel as it starts).
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

        await Redis.DisposeAsync();
    }
}

/// <summary>The cross-node tests on two nodes of one redis-server.</summary>
public sealed class TwoNodeTests(TwoNodes nodes) : CrossNodeTests(nodes), IClassFixture<TwoNodes>;
