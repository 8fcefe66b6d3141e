using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace SessionBridge.Store;

/// <summary>
/// Which exceptions mean "Redis could not be reached or refused the command", and how they become the one exception
/// the bridge answers with 503. StackExchange.Redis throws several unrelated types for one outage:
/// <see cref="RedisConnectionException"/> (no connection), <see cref="RedisTimeoutException"/> (a
/// <see cref="TimeoutException"/>, not a <see cref="RedisException"/>), <see cref="RedisServerException"/> (e.g. OOM,
/// LOADING), the socket's own <see cref="IOException"/> (connection reset) when Redis goes away as a command is written,
/// and <see cref="ObjectDisposedException"/> once the multiplexer is disposed at shutdown.
/// </summary>
internal static partial class RedisFailure
{
    /// <summary>True for a Redis failure, or an exception that wraps one (Data Protection reading its key ring).</summary>
    public static bool IsRedisFailure(Exception? exception)
    {
        for (int depth = 0; exception is not null && depth < 8; depth++, exception = exception.InnerException)
        {
            if (exception is RedisException or RedisTimeoutException)
            {
                return true;
            }

            if (exception is AggregateException aggregate && aggregate.InnerExceptions.Any(IsRedisFailure))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for the exceptions a store call catches and rethrows as <see cref="SessionStoreUnavailableException"/>.</summary>
    public static bool IsStoreFailure(Exception exception) =>
        exception is RedisException or RedisTimeoutException or IOException or ObjectDisposedException;

    /// <summary>"Redis {operation} failed: {first line of the cause}", with the cause kept as the inner exception.</summary>
    public static SessionStoreUnavailableException Unavailable(string operation, Exception cause) =>
        new($"Redis {operation} failed ({cause.GetType().Name}): {Reason(cause)}", cause);

    /// <summary>
    /// The first line of an exception's message, fit for a log line. StackExchange.Redis names the key of a failed
    /// command ("key=sb:{id}"), and our keys hold a session or user id in their hash tag, so what is inside braces is
    /// cut out: logs name a session only by its short tag.
    /// </summary>
    public static string Reason(Exception exception)
    {
        string reason = exception.Message;
        int lineEnd = reason.AsSpan().IndexOfAny('\r', '\n');
        if (lineEnd >= 0)
        {
            reason = reason[..lineEnd];
        }

        reason = HashTag().Replace(reason, "{…}");
        return reason.Length > 300 ? string.Concat(reason.AsSpan(0, 300), "…") : reason;
    }

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex HashTag();
}
