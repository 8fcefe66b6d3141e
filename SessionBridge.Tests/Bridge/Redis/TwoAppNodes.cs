using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// Two app nodes on one Redis deployment (a server or a cluster, the subclass's), started once for a test class. A
/// test that asks for a node skips (fails under CI=true) when redis-server is missing.
/// </summary>
public abstract class TwoAppNodes : ITwoNodes, IAsyncLifetime
{
    private SessionBridgeApp? _a;
    private SessionBridgeApp? _b;

    public SessionBridgeApp A
    {
        get
        {
            EnsureAvailable();
            return _a!;
        }
    }

    public SessionBridgeApp B
    {
        get
        {
            EnsureAvailable();
            return _b!;
        }
    }

    protected abstract bool IsRunning { get; }

    protected abstract string ConnectionString { get; }

    public abstract Task<string[]> KeysAsync(string pattern);

    public async Task InitializeAsync()
    {
        await StartRedisAsync();
        if (!IsRunning)
        {
            return; // no redis-server: every test skips (or fails under CI) when it asks for a node
        }

        _a = RedisNodes.Node(ConnectionString);
        _b = RedisNodes.Node(ConnectionString);

        // Start both hosts now, not on a test's first request.
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

        await StopRedisAsync();
    }

    protected abstract void EnsureAvailable();

    protected abstract Task StartRedisAsync();

    protected abstract ValueTask StopRedisAsync();
}
