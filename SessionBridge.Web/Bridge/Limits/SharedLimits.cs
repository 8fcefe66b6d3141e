using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.Options;
using SessionBridge.Web.Bridge.Store;

namespace SessionBridge.Web.Bridge.Limits;

/// <summary>
/// Fixed-window limits that count once for the whole deployment: in Redis when it is configured (every node asks the
/// same counter, so N nodes do not give a guesser N times the tries), in this process otherwise. A limit's keys are
/// hashed before they become partitions: an email address or a client address is never a Redis key.
/// </summary>
public abstract class SharedLimits(IOptions<SessionOptions> sessionOptions)
{
    /// <summary>A limit of <paramref name="permitLimit"/> tries per <paramref name="window"/> for each key, named <paramref name="name"/>.</summary>
    public SharedLimit Create(string name, int permitLimit, TimeSpan window) =>
        new(name, CreateLimiter(permitLimit, window), sessionOptions.Value.IOTimeout);

    /// <summary>Where the counts live: "redis" or "memory" (the README's word for each).</summary>
    public abstract string Kind { get; }

    protected abstract PartitionedRateLimiter<string> CreateLimiter(int permitLimit, TimeSpan window);

    /// <summary>The partition of <paramref name="key"/> under <paramref name="name"/>: a short hash, the same on every node.</summary>
    internal static string Partition(string name, string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return name + ":" + Convert.ToHexStringLower(hash[..12]);
    }
}

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
