using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.Options;
using RedisRateLimiting;
using StackExchange.Redis;

namespace SessionBridge.Limits;

/// <summary>
/// Limits counted in Redis, over the app's own multiplexer. A group (<see cref="RedisLimitGroup"/>) is one script of
/// ours per try for all its rules. A single limit is RedisRateLimiting's fixed window (one Lua script per try); its
/// keys are <c>rl:fw:{partition}</c> and <c>rl:fw:{partition}:exp</c>: the braces make the partition the hash tag, so
/// both keys of a counter live in one slot of a Redis Cluster. They expire with their window.
/// </summary>
internal sealed class RedisLimits(IConnectionMultiplexer redis, IOptions<SessionBridgeOptions> bridge, IOptions<SessionOptions> sessionOptions) : SharedLimits(sessionOptions)
{
    public override string Kind => "redis";

    protected override PartitionedRateLimiter<string> CreateLimiter(int permitLimit, TimeSpan window)
    {
        // The app's key prefix inside the hash tag, so two apps on one Redis keep separate counts.
        string prefix = bridge.Value.RedisKeyPrefix;
        return PartitionedRateLimiter.Create<string, string>(partition => RedisRateLimitPartition.GetFixedWindowRateLimiter(
            prefix + partition,
            _ => new RedisFixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = window, ConnectionMultiplexerFactory = () => redis }));
    }

    private protected override SharedLimitGroup CreateGroupCore(string name, IReadOnlyList<SharedLimitRule> rules, TimeSpan ioTimeout) =>
        new RedisLimitGroup(redis, bridge.Value.RedisKeyPrefix, name, rules, ioTimeout);
}
