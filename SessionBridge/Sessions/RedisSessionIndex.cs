using Microsoft.Extensions.Options;
using SessionBridge.Store;
using StackExchange.Redis;

namespace SessionBridge.Sessions;

/// <summary>
/// <see cref="ISessionIndex"/> in Redis: one hash per user at <c>{prefix}user:{{userId}}</c> (a hash tag of its own: a
/// user's sessions live in many slots anyway) whose fields are the session ids, with empty values. A hash rather than a
/// set for memory: Redis 7.0 keeps a small hash as one listpack (up to hash-max-listpack-entries, 128 by default) but
/// any set of strings as a hashtable, so a user's only session costs ~160 B of index instead of ~270 B, and each
/// further one ~26 B instead of ~75 B (past 128 sessions both are hashtables, the hash ~8 B dearer per entry). Adding
/// a session also stretches the hash's TTL to the absolute session lifetime, so the hash of a user who stopped coming
/// back disappears by itself once every session in it must have expired; ids of sessions that ended sooner are pruned
/// when the index is listed. Every Redis failure surfaces as <see cref="SessionStoreUnavailableException"/>.
/// <para>
/// Stored format, version 0 (as main 46d09bd wrote it): field = the session id, value = empty. The field is the
/// session id in every version, which is all that listing needs (46d09bd reads the fields only); a later version that
/// wants to keep something per entry puts it in the value, led by its version number, and an empty value stays version
/// 0. So that a newer release's entry survives this one, adding never overwrites an existing entry's value (HSETNX).
/// </para>
/// </summary>
internal sealed class RedisSessionIndex(IConnectionMultiplexer redis, IOptions<SessionBridgeOptions> options) : ISessionIndex
{
    private readonly string _prefix = RedisSessionRecordStore.ValidPrefix(options.Value.RedisKeyPrefix) + "user:";
    private readonly TimeSpan _lifetime = options.Value.AbsoluteLifetime;

    public RedisKey KeyOf(string userId) => _prefix + "{" + userId + "}";

    public async Task<IReadOnlyCollection<string>> AddAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = KeyOf(userId);
        var database = redis.GetDatabase();
        try
        {
            // Pipelined, one round trip (HSETNX, PEXPIRE, HKEYS): one key, so one connection, and Redis answers a
            // connection's commands in order, so the listing has the new id. Not atomic, and need not be: a hash left
            // without its TTL by a failure in between gets it from the next sign-in, and its ids are pruned on listing
            // either way.
            var added = database.HashSetAsync(key, sessionId, RedisValue.EmptyString, When.NotExists);
            var expiry = database.KeyExpireAsync(key, _lifetime);
            var listed = database.HashKeysAsync(key);
            await Task.WhenAll(added, expiry, listed).ConfigureAwait(false);
            return [.. listed.Result.Select(id => (string)id!)];
        }
        catch (Exception ex) when (RedisFailure.IsStoreFailure(ex))
        {
            throw RedisFailure.Unavailable("add to a user's session index (HSETNX, PEXPIRE, HKEYS)", ex);
        }
    }

    public async Task RemoveAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await redis.GetDatabase().HashDeleteAsync(KeyOf(userId), sessionId).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisFailure.IsStoreFailure(ex))
        {
            throw RedisFailure.Unavailable("removal from a user's session index (HDEL)", ex);
        }
    }

    public async Task<IReadOnlyCollection<string>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var ids = await redis.GetDatabase().HashKeysAsync(KeyOf(userId)).ConfigureAwait(false);
            return [.. ids.Select(id => (string)id!)];
        }
        catch (Exception ex) when (RedisFailure.IsStoreFailure(ex))
        {
            throw RedisFailure.Unavailable("listing of a user's session index (HKEYS)", ex);
        }
    }
}
