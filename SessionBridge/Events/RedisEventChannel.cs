using System.Text.Json;
using StackExchange.Redis;

namespace SessionBridge.Events;

/// <summary>
/// One shard channel per session, <c>{prefix}events:{{sessionId}}</c>: its hash tag is the session id, so on a Redis
/// Cluster it lives in the slot of the session's hash, which lets the commit script SPUBLISH to it in the same step
/// (Redis 7), and only the nodes with a stream of that session open subscribe to it. The message is the event as JSON:
/// <c>{"V":1,"SessionId":…,"Key":…,"OriginTab":…}</c>.
/// <para>
/// Nodes of two releases share these channels during a rolling deploy, so the message is versioned: <c>V</c> is its
/// format version; a message without it was written by main 46d09bd (version 0: the same fields, and a computed
/// <c>IsSignOut</c> that is ignored). Readers ignore properties they do not know, so a later version may add some and
/// still be read here; one that changes what a field means raises <c>V</c>, and a node refuses a version above
/// <see cref="Version"/> (logged once) rather than misread it. The messages 46d09bd wrote are test fixtures that
/// every version must read.
/// </para>
/// </summary>
internal static class RedisEventChannel
{
    /// <summary>The format version this node writes and the newest it reads.</summary>
    public const int Version = 1;

    public static string Name(string prefix, string sessionId) => prefix + "events:{" + sessionId + "}";

    public static RedisChannel For(string prefix, string sessionId) => RedisChannel.Sharded(Name(prefix, sessionId));

    public static string Message(SessionEvent sessionEvent)
    {
        ArgumentNullException.ThrowIfNull(sessionEvent);
        return JsonSerializer.Serialize(new Wire(Version, sessionEvent.SessionId, sessionEvent.Key, sessionEvent.OriginTab));
    }

    /// <summary>The event, or null when the message is not one of ours for that session.</summary>
    public static SessionEvent? Parse(string sessionId, RedisValue message) => Parse(sessionId, message, out _);

    /// <summary>
    /// The event, or null when the message is not one of ours for that session; <paramref name="unknownVersion"/> says
    /// when it is refused for its format version alone.
    /// </summary>
    public static SessionEvent? Parse(string sessionId, RedisValue message, out long? unknownVersion)
    {
        unknownVersion = null;
        Wire? wire;
        try
        {
            wire = JsonSerializer.Deserialize<Wire>(message.ToString());
        }
        catch (JsonException)
        {
            return null;
        }

        if (wire is null || wire.SessionId != sessionId)
        {
            return null;
        }

        if (wire.V is < 0 or > Version)
        {
            unknownVersion = wire.V;
            return null;
        }

        return new SessionEvent(wire.SessionId, wire.Key, wire.OriginTab);
    }

    // The message as it travels; SessionEvent itself stays free to change shape. V is a long so that any number a newer
    // release writes is read as a version, not a JSON error.
    private sealed record Wire(long? V, string SessionId, string? Key, string? OriginTab);
}
