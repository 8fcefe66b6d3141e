namespace SessionBridge;

/// <summary>
/// What <see cref="SessionBridgeRedisExtensions.AddSessionBridgeRedis"/> puts in Redis besides the sessions. Both parts
/// must be shared by every node of a deployment; an app that already shares them its own way turns them off here.
/// </summary>
public sealed class SessionBridgeRedisSetup
{
    /// <summary>
    /// Registers a <c>RedisCache</c> on the same connection as <c>IDistributedCache</c> (replacing the app's), where a
    /// login handoff's one-time use is kept. False: the app's own <c>IDistributedCache</c>, which must be shared by
    /// every node, or a handoff could be used once per node.
    /// </summary>
    public bool DistributedCache { get; set; } = true;

    /// <summary>
    /// Keeps the Data Protection key ring in Redis (key "{RedisKeyPrefix}dataprotection-keys") and sets
    /// <see cref="ApplicationName"/>. False: the app sets up Data Protection itself; every node must share its key ring
    /// and application name, or a cookie protected on one node cannot be read on another.
    /// </summary>
    public bool DataProtection { get; set; } = true;

    /// <summary>The Data Protection application name every node shares.</summary>
    public string ApplicationName { get; set; } = "SessionBridge";
}
