using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.Options;

namespace SessionBridge.Limits;

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
