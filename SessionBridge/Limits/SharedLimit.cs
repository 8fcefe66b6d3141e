using System.Threading.RateLimiting;
using SessionBridge.Store;

namespace SessionBridge.Limits;

/// <summary>One limit made by <see cref="SharedLimits"/>.</summary>
public sealed class SharedLimit(string name, PartitionedRateLimiter<string> limiter, TimeSpan ioTimeout) : IDisposable
{
    private static readonly TimeSpan s_unknownRetryAfter = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Counts one try for <paramref name="key"/>: null when it may go ahead, otherwise how long to wait. A refused try
    /// is not counted. When the shared counter cannot be reached this throws <see cref="SessionStoreUnavailableException"/>
    /// (the request is answered 503) rather than letting the try through uncounted.
    /// </summary>
    public async ValueTask<TimeSpan?> TryAcquireAsync(string key, CancellationToken cancellationToken)
    {
        RateLimitLease lease;
        try
        {
            lease = await limiter.AcquireAsync(SharedLimits.Partition(name, key), 1, cancellationToken).AsTask().WaitAsync(ioTimeout, cancellationToken);
        }
        catch (TimeoutException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SessionStoreUnavailableException($"The limit store did not answer within {ioTimeout}.", ex);
        }
        catch (Exception ex) when (RedisFailure.IsRedisFailure(ex) || RedisFailure.IsStoreFailure(ex))
        {
            throw RedisFailure.Unavailable("rate limit", ex);
        }

        using (lease)
        {
            return lease.IsAcquired ? null : RetryAfter(lease);
        }
    }

    public void Dispose() => limiter.Dispose();

    private static TimeSpan RetryAfter(RateLimitLease lease)
    {
        // The built-in limiters name it MetadataName.RetryAfter (a TimeSpan), RedisRateLimiting its own (whole seconds).
        if (lease.TryGetMetadata(MetadataName.RetryAfter, out TimeSpan retryAfter))
        {
            return retryAfter;
        }

        if (lease.TryGetMetadata(RedisRateLimiting.RateLimitMetadataName.RetryAfter, out int seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return s_unknownRetryAfter;
    }
}
