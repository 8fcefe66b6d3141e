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

    /// <summary>
    /// The limits <paramref name="rules"/> asked about one try together, as one operation of the store (see
    /// <see cref="SharedLimitGroup"/>), named <paramref name="name"/>: in Redis the name is the hash tag of all the
    /// group's counters, so it must not contain braces.
    /// </summary>
    public SharedLimitGroup CreateGroup(string name, params SharedLimitRule[] rules)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(rules);
        if (name.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException($"The limit group name '{name}' must not contain '{{' or '}}': it is the hash tag of the group's Redis keys.", nameof(name));
        }

        if (rules.Length == 0)
        {
            throw new ArgumentException("A limit group needs at least one rule.", nameof(rules));
        }

        return CreateGroupCore(name, rules, sessionOptions.Value.IOTimeout);
    }

    /// <summary>Where the counts live: "redis" or "memory" (the README's word for each).</summary>
    public abstract string Kind { get; }

    protected abstract PartitionedRateLimiter<string> CreateLimiter(int permitLimit, TimeSpan window);

    private protected abstract SharedLimitGroup CreateGroupCore(string name, IReadOnlyList<SharedLimitRule> rules, TimeSpan ioTimeout);

    /// <summary>The partition of <paramref name="key"/> under <paramref name="name"/>: a short hash, the same on every node.</summary>
    internal static string Partition(string name, string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return name + ":" + Convert.ToHexStringLower(hash[..12]);
    }
}
