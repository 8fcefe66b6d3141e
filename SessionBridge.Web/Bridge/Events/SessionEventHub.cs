using System.Collections.Concurrent;
using System.Threading.Channels;

namespace SessionBridge.Web.Bridge.Events;

/// <summary>
/// This node's open event streams, by session. Delivery never blocks a publisher: each stream has a small bounded
/// queue and a slow stream loses its oldest events (a later one makes it refresh anyway).
/// </summary>
public sealed class SessionEventHub
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Channel<SessionEvent>, byte>> _streams = new(StringComparer.Ordinal);

    public int OpenStreams => _streams.Values.Sum(s => s.Count);

    public Subscription Subscribe(string sessionId)
    {
        var channel = Channel.CreateBounded<SessionEvent>(new BoundedChannelOptions(32) { FullMode = BoundedChannelFullMode.DropOldest });
        _streams.GetOrAdd(sessionId, _ => new()).TryAdd(channel, 0);
        return new Subscription(this, sessionId, channel);
    }

    public void Deliver(SessionEvent sessionEvent)
    {
        if (_streams.TryGetValue(sessionEvent.SessionId, out var streams))
        {
            foreach (var channel in streams.Keys)
            {
                channel.Writer.TryWrite(sessionEvent);
            }
        }
    }

    private void Unsubscribe(string sessionId, Channel<SessionEvent> channel)
    {
        if (_streams.TryGetValue(sessionId, out var streams))
        {
            streams.TryRemove(channel, out _);
            if (streams.IsEmpty)
            {
                _streams.TryRemove(new KeyValuePair<string, ConcurrentDictionary<Channel<SessionEvent>, byte>>(sessionId, streams));
            }
        }
    }

    /// <summary>One open stream's queue; disposing it (when the client goes away) removes it from the hub.</summary>
    public sealed class Subscription(SessionEventHub hub, string sessionId, Channel<SessionEvent> channel) : IDisposable
    {
        public ChannelReader<SessionEvent> Events => channel.Reader;

        public void Dispose() => hub.Unsubscribe(sessionId, channel);
    }
}
