using StackExchange.Redis;

namespace SessionBridge.Limits;

/// <summary>
/// A <see cref="SharedLimitGroup"/> counted in Redis: one script (EVALSHA; StackExchange.Redis loads it once per server
/// and re-sends it by itself after a Redis restart) checks every rule's counter and counts the try in all of them or in
/// none, so a try is one round trip whatever the number of rules. A counter is a plain integer key,
/// <c>{prefix}limit:{group}:{rule}:{hash}</c>, given the rule's window as its PEXPIRE when the window's first try
/// creates it; the wait of a refused try is its PTTL. The window is timed by Redis alone, so the nodes' clocks do not
/// matter. The group's name in braces is the hash tag of all its counters: one script may only touch keys of one
/// Redis Cluster slot, and a try's counters (one per rule, for different accounts and addresses) must be counted
/// together. The cost is that every counter of a group, e.g. all sign-in counters of the deployment, lives on one
/// shard of a cluster; each try is a few commands there (a GET per rule, then an INCR per rule).
/// </summary>
internal sealed class RedisLimitGroup : SharedLimitGroup
{
    // KEYS[i] is rule i's counter, ARGV[i] its permit limit, ARGV[#KEYS + i] its window in ms. Nothing is counted
    // unless every rule allows the try; a refusal answers the refusing counter's time to live in ms, an allowed try nil.
    private const string Script = """
        for i = 1, #KEYS do
            if tonumber(redis.call('GET', KEYS[i]) or '0') >= tonumber(ARGV[i]) then
                return redis.call('PTTL', KEYS[i])
            end
        end
        for i = 1, #KEYS do
            if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[#KEYS + i]) end
        end
        return false
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly string _keyPrefix;
    private readonly RedisValue[] _args;

    public RedisLimitGroup(IConnectionMultiplexer redis, string redisKeyPrefix, string name, IReadOnlyList<SharedLimitRule> rules, TimeSpan ioTimeout)
        : base(rules, ioTimeout)
    {
        _redis = redis;
        _keyPrefix = redisKeyPrefix + "limit:{" + name + "}:";
        _args = [.. rules.Select(rule => (RedisValue)rule.PermitLimit), .. rules.Select(rule => (RedisValue)(long)Math.Ceiling(rule.Window.TotalMilliseconds))];
    }

    private protected override async Task<TimeSpan?> CountAsync(string[] partitions, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var keys = new RedisKey[partitions.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = _keyPrefix + partitions[i];
        }

        var refused = await _redis.GetDatabase().ScriptEvaluateAsync(Script, keys, _args).ConfigureAwait(false);

        // PTTL is under 1 ms only as the window closes: still a wait, never zero.
        return refused.IsNull ? null : TimeSpan.FromMilliseconds(Math.Max(1, (long)refused));
    }
}
