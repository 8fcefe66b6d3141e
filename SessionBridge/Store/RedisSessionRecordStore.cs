using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SessionBridge.Events;
using StackExchange.Redis;

namespace SessionBridge.Store;

/// <summary>
/// Sessions in Redis, shared by every node. One hash per session at the prefix plus the session id in braces
/// (<c>sb:{q59tAj8Y…}</c>): the data keys are its fields, and the <see cref="SessionInfo"/> is packed into the reserved
/// field "@" (see <see cref="RedisSessionInfoFormat"/>); data keys must not start with '@', which is kept for the
/// store. The braces are a hash tag, so everything of one session, its event channel included, lands in one Redis
/// Cluster slot.
/// Guarantees and costs: a load is one HGETALL and never writes (the throttled refresh is an ordinary commit); a
/// create and a commit are one script each (EVALSHA; StackExchange.Redis loads the script once per server and re-sends
/// it by itself after a Redis restart), atomic, with the expiry set in the same step; a commit to a session that no
/// longer exists writes nothing; a commit's event is SPUBLISHed by the same script on the session's shard channel
/// (<see cref="RedisEventChannel"/>), so a save and its announcement are one round trip. With
/// <see cref="SessionBridgeRedisOptions.WaitForReplicas"/>, each write is followed by a WAIT pipelined behind it.
/// Expiry is the key's Redis TTL, so nothing sweeps. Every Redis failure surfaces as
/// <see cref="SessionStoreUnavailableException"/>. A cancellation token is checked before a command is sent; a command
/// already sent is not abandoned (it completes or fails within the connection string's asyncTimeout), so a commit that
/// went out is reported as it ended, not as "cancelled".
/// A session whose info is in a format version this node does not read (written by a newer release) is not resumed
/// here and not touched; the version is logged once.
/// </summary>
internal sealed class RedisSessionRecordStore(
    IConnectionMultiplexer redis, IOptions<SessionBridgeOptions> options, TimeProvider time, ILogger<RedisSessionRecordStore>? logger = null)
    : ISessionRecordStore
{
    /// <summary>The reserved field that holds the session's <see cref="SessionInfo"/>.</summary>
    public const string InfoField = "@";

    // DEL first: a create replaces whatever a (theoretical) id collision left behind, never merges into it.
    // ARGV[1] = time to live in ms, then field/value pairs (the info field among them).
    private const string CreateScript = """
        redis.call('DEL', KEYS[1])
        redis.call('HSET', KEYS[1], unpack(ARGV, 2))
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        return 1
        """;

    // A revoked or expired session is gone from Redis: refuse to write rather than bring it back with only the keys
    // of this change, and announce nothing. ARGV[1] = time to live in ms, ARGV[2] = the session's event channel or ''
    // for no event, ARGV[3] = the event, ARGV[4] = n removed fields, ARGV[5 .. 4+n] = those fields, then field/value
    // pairs to set (the info field among them when it changed). The channel carries the session id as its hash tag:
    // on a cluster it is in KEYS[1]'s slot, where a script may SPUBLISH.
    private const string CommitScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        local removed = tonumber(ARGV[4])
        if removed > 0 then redis.call('HDEL', KEYS[1], unpack(ARGV, 5, 4 + removed)) end
        if #ARGV > 4 + removed then redis.call('HSET', KEYS[1], unpack(ARGV, 5 + removed)) end
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        if ARGV[2] ~= '' then redis.call('SPUBLISH', ARGV[2], ARGV[3]) end
        return 1
        """;

    private readonly string _prefix = ValidPrefix(options.Value.RedisKeyPrefix);
    private readonly int _waitForReplicas = options.Value.Redis.WaitForReplicas;
    private readonly long _waitMilliseconds = (long)options.Value.Redis.WaitTimeout.TotalMilliseconds;
    private readonly UnknownFormatVersions _unknownVersions = new(logger ?? (ILogger)NullLogger.Instance, "session info");

    public string Kind => "redis";

    /// <summary>The Redis key of a session; public so tools and tests can find it.</summary>
    public RedisKey KeyOf(string sessionId) => _prefix + "{" + sessionId + "}";

    public async Task<SessionRecord?> LoadAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        HashEntry[] entries;
        try
        {
            entries = await redis.GetDatabase().HashGetAllAsync(KeyOf(sessionId)).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisFailure.IsStoreFailure(ex))
        {
            throw RedisFailure.Unavailable("load of a session (HGETALL)", ex);
        }

        if (entries.Length == 0)
        {
            return null;
        }

        SessionInfo? info = null;
        var values = new Dictionary<string, byte[]>(entries.Length, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            string field = entry.Name!;
            if (field == InfoField)
            {
                var packed = ((ReadOnlyMemory<byte>)entry.Value).Span;
                info = RedisSessionInfoFormat.Parse(packed);
                if (info is null && RedisSessionInfoFormat.VersionOf(packed) is > RedisSessionInfoFormat.ReadVersion and int version)
                {
                    _unknownVersions.Refused(version);
                }
            }
            else if (!IsReserved(field))
            {
                values[field] = (byte[])entry.Value!;
            }
        }

        // A hash without a readable info field was not written by this store: not a session anyone may resume.
        return info is null ? null : new SessionRecord(info, values);
    }

    public async Task CreateAsync(string sessionId, SessionInfo info, IReadOnlyDictionary<string, byte[]> values, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(values);
        cancellationToken.ThrowIfCancellationRequested();

        var args = new RedisValue[1 + 2 + (values.Count * 2)];
        args[0] = TimeToLiveMilliseconds(expiresAt);
        args[1] = InfoField;
        args[2] = RedisSessionInfoFormat.Format(info);
        int i = 3;
        foreach (var (key, value) in values)
        {
            ThrowIfReserved(key);
            args[i++] = key;
            args[i++] = value;
        }

        var sessionKey = KeyOf(sessionId);
        try
        {
            await WriteAsync(sessionKey, database => database.ScriptEvaluateAsync(CreateScript, [sessionKey], args)).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisFailure.IsStoreFailure(ex))
        {
            throw RedisFailure.Unavailable("create of a session (EVALSHA)", ex);
        }
    }

    public async Task<bool> CommitAsync(string sessionId, SessionChange change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        cancellationToken.ThrowIfCancellationRequested();

        int pairs = change.Set.Count + (change.Info is null ? 0 : 1);
        var args = new RedisValue[4 + change.Removed.Count + (pairs * 2)];
        args[0] = TimeToLiveMilliseconds(change.ExpiresAt);
        args[1] = change.Announce is null ? RedisValue.EmptyString : RedisEventChannel.Name(_prefix, sessionId);
        args[2] = change.Announce is null ? RedisValue.EmptyString : RedisEventChannel.Message(change.Announce);
        args[3] = change.Removed.Count;
        int i = 4;
        foreach (string key in change.Removed)
        {
            ThrowIfReserved(key);
            args[i++] = key;
        }

        foreach (var (key, value) in change.Set)
        {
            ThrowIfReserved(key);
            args[i++] = key;
            args[i++] = value;
        }

        if (change.Info is not null)
        {
            args[i++] = InfoField;
            args[i] = RedisSessionInfoFormat.Format(change.Info);
        }

        var sessionKey = KeyOf(sessionId);
        try
        {
            return (long)await WriteAsync(sessionKey, database => database.ScriptEvaluateAsync(CommitScript, [sessionKey], args)).ConfigureAwait(false) == 1;
        }
        catch (Exception ex) when (RedisFailure.IsStoreFailure(ex))
        {
            throw RedisFailure.Unavailable("commit to a session (EVALSHA)", ex);
        }
    }

    public async Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = KeyOf(sessionId);
        try
        {
            // DEL answers 1 only to the caller that removed the key: of two racing rotations only one wins. A deletion
            // is confirmed like any write: a revocation lost in a failover would bring the session back.
            return await WriteAsync(key, database => database.KeyDeleteAsync(key)).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisFailure.IsStoreFailure(ex))
        {
            throw RedisFailure.Unavailable("delete of a session (DEL)", ex);
        }
    }

    public async Task<(long Bytes, TimeSpan? TimeToLive)> DescribeAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = KeyOf(sessionId);
        var database = redis.GetDatabase();
        try
        {
            // Both go out together on the multiplexer's pipeline: one round trip.
            var usage = database.ExecuteAsync("MEMORY", "USAGE", key);
            var timeToLive = database.KeyTimeToLiveAsync(key);
            await Task.WhenAll(usage, timeToLive).ConfigureAwait(false);
            var bytes = await usage.ConfigureAwait(false);
            return (bytes.IsNull ? 0 : (long)bytes, await timeToLive.ConfigureAwait(false));
        }
        catch (Exception ex) when (RedisFailure.IsStoreFailure(ex))
        {
            throw RedisFailure.Unavailable("description of a session (MEMORY USAGE, PTTL)", ex);
        }
    }

    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await redis.GetDatabase().PingAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisFailure.IsStoreFailure(ex))
        {
            throw RedisFailure.Unavailable("PING", ex);
        }
    }

    /// <summary>
    /// Sends the write and, with <see cref="SessionBridgeRedisOptions.WaitForReplicas"/>, a WAIT queued right behind it
    /// on the same connection to the key's primary before either answer is awaited: Redis counts the replicas that have
    /// everything that connection wrote so far, and no round trip is added. Unconfirmed, the write is not answered.
    /// </summary>
    private async Task<T> WriteAsync<T>(RedisKey key, Func<IDatabase, Task<T>> write)
    {
        var database = redis.GetDatabase();
        if (_waitForReplicas == 0)
        {
            return await write(database).ConfigureAwait(false);
        }

        var primary = redis.GetServer(key);
        var written = write(database);
        var confirmed = primary.ExecuteAsync("WAIT", _waitForReplicas, _waitMilliseconds);
        await Task.WhenAll(written, confirmed).ConfigureAwait(false);
        long replicas = (long)await confirmed.ConfigureAwait(false);
        if (replicas < _waitForReplicas)
        {
            throw new SessionStoreUnavailableException(string.Create(CultureInfo.InvariantCulture,
                $"Redis WAIT: {replicas} of {_waitForReplicas} replica(s) confirmed a session write within {_waitMilliseconds} ms; answered as not saved"));
        }

        return await written.ConfigureAwait(false);
    }

    /// <summary>A brace in the prefix would become the hash tag and put every session in one cluster slot.</summary>
    internal static string ValidPrefix(string prefix) =>
        prefix.AsSpan().IndexOfAny('{', '}') < 0
            ? prefix
            : throw new ArgumentException($"SessionBridge:RedisKeyPrefix '{prefix}' must not contain '{{' or '}}': the session id is the key's hash tag.", nameof(prefix));

    private static bool IsReserved(string key) => key.StartsWith('@');

    private static void ThrowIfReserved(string key)
    {
        if (IsReserved(key))
        {
            throw new ArgumentException($"Session key '{key}' starts with '@', which the Redis session store reserves for itself.", nameof(key));
        }
    }

    // A relative TTL computed with the TimeProvider, not PEXPIREAT: expiry then follows this app's clock (as the memory
    // store's does, and fakeable in tests) and a node whose clock differs from Redis's cannot shorten or stretch it.
    private long TimeToLiveMilliseconds(DateTimeOffset expiresAt) =>
        Math.Max(1, (long)Math.Ceiling((expiresAt - time.GetUtcNow()).TotalMilliseconds));
}
