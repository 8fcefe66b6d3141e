using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>Two app nodes on one shared Redis (a server or a cluster), and a look at the keys they wrote.</summary>
public interface ITwoNodes
{
    SessionBridgeApp A { get; }

    SessionBridgeApp B { get; }

    /// <summary>The Redis keys matching <paramref name="pattern"/>, wherever they live.</summary>
    Task<string[]> KeysAsync(string pattern);
}
