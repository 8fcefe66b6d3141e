using System.Collections.Concurrent;
using System.Threading.Channels;

namespace SessionBridge.Events;

/// <summary>
/// This node's open event streams, by session. Delivery never blocks a publisher: each stream has a small bounded
/// queue and a slow stream loses its oldest events (a later one makes it refresh anyway).
/// With a <see cref="ISessionEventFeed"/> (Redis), the node listens to a session's events only while it has a stream
/// of that session open: the first stream starts listening and the last one to close stops. Openings and closings of
/// one session are serialised, so a tab that reloads (its old stream closing as the new one opens) never leaves the
/// feed stopped under an open stream. Without a feed (the embedded store) every event is handed to
/// <see cref="Deliver"/> in this process.
/// </summary>
internal sealed class SessionEventHub(ISessionEventFeed? feed = null)
{
    private readonly ConcurrentDictionary<string, Streams> _sessions = new(StringComparer.Ordinal);

    public int OpenStreams => _sessions.Values.Sum(s => s.Open.Count);

    /// <summary>Adds a stream of the session; returns once events announced from now on will reach it.</summary>
    public async Task<Subscription> SubscribeAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<SessionEvent>(new BoundedChannelOptions(32) { FullMode = BoundedChannelFullMode.DropOldest });
        var streams = Enter(sessionId);
        try
        {
            await streams.Turn.WaitAsync(cancellationToken);
            try
            {
                if (streams.Open.IsEmpty && feed is not null)
                {
                    await feed.ListenAsync(sessionId, Deliver, cancellationToken);
                }

                streams.Open.TryAdd(channel, 0);
            }
            finally
            {
                streams.Turn.Release();
            }
        }
        catch
        {
            Leave(sessionId, streams);
            throw;
        }

        return new Subscription(this, sessionId, streams, channel);
    }

    public void Deliver(SessionEvent sessionEvent)
    {
        if (_sessions.TryGetValue(sessionEvent.SessionId, out var streams))
        {
            foreach (var channel in streams.Open.Keys)
            {
                channel.Writer.TryWrite(sessionEvent);
            }
        }
    }

    private async Task UnsubscribeAsync(string sessionId, Streams streams, Channel<SessionEvent> channel)
    {
        await streams.Turn.WaitAsync(CancellationToken.None);
        try
        {
            streams.Open.TryRemove(channel, out _);
            if (streams.Open.IsEmpty && feed is not null)
            {
                await feed.StopListeningAsync(sessionId);
            }
        }
        finally
        {
            streams.Turn.Release();
            Leave(sessionId, streams);
        }
    }

    // The entry of a session lives while a stream is open or an opening or closing is under way, so every one of
    // them takes its turn on the same entry.
    private Streams Enter(string sessionId)
    {
        lock (_sessions)
        {
            var streams = _sessions.GetOrAdd(sessionId, _ => new Streams());
            streams.Users++;
            return streams;
        }
    }

    private void Leave(string sessionId, Streams streams)
    {
        lock (_sessions)
        {
            if (--streams.Users == 0)
            {
                _sessions.TryRemove(new KeyValuePair<string, Streams>(sessionId, streams));
            }
        }
    }

    /// <summary>One open stream's queue; disposing it (when the client goes away) removes it from the hub.</summary>
    public sealed class Subscription : IAsyncDisposable
    {
        private readonly SessionEventHub _hub;
        private readonly string _sessionId;
        private readonly Streams _streams;
        private readonly Channel<SessionEvent> _channel;
        private int _disposed;

        internal Subscription(SessionEventHub hub, string sessionId, Streams streams, Channel<SessionEvent> channel)
        {
            _hub = hub;
            _sessionId = sessionId;
            _streams = streams;
            _channel = channel;
        }

        public ChannelReader<SessionEvent> Events => _channel.Reader;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                await _hub.UnsubscribeAsync(_sessionId, _streams, _channel);
            }
        }
    }

    /// <summary>A session's open streams, and the turn its openings and closings take one at a time.</summary>
    internal sealed class Streams
    {
        public ConcurrentDictionary<Channel<SessionEvent>, byte> Open { get; } = new();

        public SemaphoreSlim Turn { get; } = new(1, 1);

        /// <summary>Open streams plus openings and closings under way; guarded by the hub's lock.</summary>
        public int Users { get; set; }
    }
}
