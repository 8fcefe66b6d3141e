using Microsoft.Extensions.Options;
using SessionBridge.Web.Bridge.Store;
using StackExchange.Redis;

namespace SessionBridge.Web.Bridge.Sessions;

/// <summary>
/// <see cref="ISessionIndex"/> in Redis: one set of session ids per user at <c>{prefix}user:{{userId}}</c> (a hash tag
/// of its own: a user's sessions live in many slots anyway). Adding a session also stretches the set's TTL to the
/// absolute session lifetime, so the set of a user who stopped coming back disappears by itself once every session in
/// it must have expired; ids of sessions that ended sooner are pruned when the index is listed. Every Redis failure
/// surfaces as <see cref="SessionStoreUnavailableException"/>.
/// </summary>
public sealed class RedisSessionIndex(IConnectionMultiplexer redis, IOptions<SessionBridgeOptions> options) : ISessionIndex
{
    private readonly string _prefix = RedisSessionRecordStore.ValidPrefix(options.Value.RedisKeyPrefix) + "user:";
    private readonly TimeSpan _lifetime = options.Value.AbsoluteLifetime;

    public RedisKey KeyOf(string userId) => _prefix + "{" + userId + "}";

    public async Task AddAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = KeyOf(userId);
        var database = redis.GetDatabase();
        try
        {
            // Pipelined, one round trip. Not atomic, and need not be: a set left without its TTL by a failure in between
            // gets it from the next sign-in, and its ids are pruned on listing either way.
            var added = database.SetAddAsync(key, sessionId);
            var expiry = database.KeyExpireAsync(key, _lifetime);
            await Task.WhenAll(added, expiry).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisFailure.IsStoreFailure(ex))
        {
            throw RedisFailure.Unavailable("add to a user's session index (SADD, PEXPIRE)", ex);
        }
    }

    public async Task RemoveAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await redis.GetDatabase().SetRemoveAsync(KeyOf(userId), sessionId).ConfigureAwait(false);
        }
        catch (Exception ex) when (RedisFailure.IsStoreFailure(ex))
        {
            throw RedisFailure.Unavailable("removal from a user's session index (SREM)", ex);
        }
    }

    public async Task<IReadOnlyCollection<string>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var members = await redis.GetDatabase().SetMembersAsync(KeyOf(userId)).ConfigureAwait(false);
            return [.. members.Select(member => (string)member!)];
        }
        catch (Exception ex) when (RedisFailure.IsStoreFailure(ex))
        {
            throw RedisFailure.Unavailable("listing of a user's session index (SMEMBERS)", ex);
        }
    }
}
