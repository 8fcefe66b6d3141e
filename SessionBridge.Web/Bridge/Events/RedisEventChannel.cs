using System.Text.Json;
using StackExchange.Redis;

namespace SessionBridge.Web.Bridge.Events;

/// <summary>
/// One shard channel per session, <c>{prefix}events:{{sessionId}}</c>: its hash tag is the session id, so on a Redis
/// Cluster it lives in the slot of the session's hash, which lets the commit script SPUBLISH to it in the same step
/// (Redis 7), and only the nodes with a stream of that session open subscribe to it. The message is the event as JSON.
/// </summary>
public static class RedisEventChannel
{
    public static string Name(string prefix, string sessionId) => prefix + "events:{" + sessionId + "}";

    public static RedisChannel For(string prefix, string sessionId) => RedisChannel.Sharded(Name(prefix, sessionId));

    public static string Message(SessionEvent sessionEvent) => JsonSerializer.Serialize(sessionEvent);

    /// <summary>The event, or null when the message is not one of ours for that session.</summary>
    public static SessionEvent? Parse(string sessionId, RedisValue message)
    {
        try
        {
            return JsonSerializer.Deserialize<SessionEvent>(message.ToString()) is { } sessionEvent && sessionEvent.SessionId == sessionId
                ? sessionEvent
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
