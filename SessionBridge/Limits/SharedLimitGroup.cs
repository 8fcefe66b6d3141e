using SessionBridge.Store;

namespace SessionBridge.Limits;

/// <summary>
/// Several limits asked about one try as one operation of the store (one Redis script), made by
/// <see cref="SharedLimits.CreateGroup"/>. The rules are checked in order; if all allow the try, every rule counts it;
/// if one refuses, none counts it, and the wait is that of the first rule that refused.
/// </summary>
public abstract class SharedLimitGroup
{
    private readonly string[] _names;
    private readonly TimeSpan _ioTimeout;

    private protected SharedLimitGroup(IReadOnlyList<SharedLimitRule> rules, TimeSpan ioTimeout)
    {
        _names = [.. rules.Select(rule => rule.Name)];
        _ioTimeout = ioTimeout;
    }

    /// <summary>
    /// Counts one try, <paramref name="keys"/>[i] being its key for the group's rule i: null when it may go ahead,
    /// otherwise how long to wait. When the shared counters cannot be reached this throws
    /// <see cref="SessionStoreUnavailableException"/> (the request is answered 503) rather than letting the try through
    /// uncounted.
    /// </summary>
    public async ValueTask<TimeSpan?> TryAcquireAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count != _names.Length)
        {
            throw new ArgumentException($"The group has {_names.Length} rules, one key each; {keys.Count} were given.", nameof(keys));
        }

        var partitions = new string[keys.Count];
        for (int i = 0; i < partitions.Length; i++)
        {
            partitions[i] = SharedLimits.Partition(_names[i], keys[i]);
        }

        try
        {
            return await CountAsync(partitions, cancellationToken).WaitAsync(_ioTimeout, cancellationToken);
        }
        catch (TimeoutException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SessionStoreUnavailableException($"The limit store did not answer within {_ioTimeout}.", ex);
        }
        catch (Exception ex) when (RedisFailure.IsRedisFailure(ex) || RedisFailure.IsStoreFailure(ex))
        {
            throw RedisFailure.Unavailable("rate limit", ex);
        }
    }

    /// <summary>The semantics of <see cref="TryAcquireAsync"/>, in the store, for the hashed partition of each rule.</summary>
    private protected abstract Task<TimeSpan?> CountAsync(string[] partitions, CancellationToken cancellationToken);
}
