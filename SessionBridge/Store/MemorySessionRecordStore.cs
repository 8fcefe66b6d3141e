using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using SessionBridge.Events;
using SessionBridge.Telemetry;

namespace SessionBridge.Store;

/// <summary>
/// The embedded default: sessions in this process. Each session has its own lock for commits, so a commit is atomic
/// per session and commits to different keys never overwrite each other; loads take no lock. Expired entries are
/// dropped when touched and by a sweep that runs at most once per minute, on the back of ordinary commits. The store
/// holds at most <see cref="SessionBridgeOptions.MemoryStoreCapacity"/> sessions: past it, the least recently used
/// visitor sessions are evicted (a visitor then carries on as a new visitor); a signed-in session is never evicted. A
/// commit's event is handed to this process's streams once the commit has landed.
/// </summary>
internal sealed class MemorySessionRecordStore(TimeProvider time, IOptions<SessionBridgeOptions> options, SessionEventHub hub, SessionBridgeTelemetry telemetry) : ISessionRecordStore
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Entry> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _evicting = new();
    private readonly int _capacity = options.Value.MemoryStoreCapacity;
    private long _nextSweepTicks;
    private int _count;

    public string Kind => "memory";

    /// <summary>Sessions held now (including expired ones not yet swept).</summary>
    public int Count => Volatile.Read(ref _count);

    public Task<SessionRecord?> LoadAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        if (!_sessions.TryGetValue(sessionId, out var entry))
        {
            return Task.FromResult<SessionRecord?>(null);
        }

        // No lock: a commit publishes a whole new snapshot, so a load sees one commit or the next, never half of one,
        // and a tab's burst of requests does not queue behind one lock.
        var snapshot = entry.Snapshot;
        if (snapshot.ExpiresAt <= time.GetUtcNow())
        {
            Ended(sessionId, entry, SessionBridgeTelemetry.EndReasons.Expired);
            return Task.FromResult<SessionRecord?>(null);
        }

        entry.Touch();
        return Task.FromResult<SessionRecord?>(new SessionRecord(snapshot.Info, snapshot.Values));
    }

    public Task CreateAsync(string sessionId, SessionInfo info, IReadOnlyDictionary<string, byte[]> values, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        if (_sessions.TryAdd(sessionId, new Entry(new Snapshot(info, new Dictionary<string, byte[]>(values, StringComparer.Ordinal), expiresAt)))
            && Interlocked.Increment(ref _count) > _capacity)
        {
            EvictVisitors();
        }

        SweepIfDue();
        return Task.CompletedTask;
    }

    public Task<bool> CommitAsync(string sessionId, SessionChange change, CancellationToken cancellationToken = default)
    {
        if (!_sessions.TryGetValue(sessionId, out var entry))
        {
            return Task.FromResult(false);
        }

        lock (entry)
        {
            if (entry.Deleted || IsExpired(entry))
            {
                return Task.FromResult(false);
            }

            var old = entry.Snapshot;
            var values = new Dictionary<string, byte[]>(old.Values, StringComparer.Ordinal);
            foreach (var (key, value) in change.Set)
            {
                values[key] = value;
            }

            foreach (var key in change.Removed)
            {
                values.Remove(key);
            }

            entry.Snapshot = new Snapshot(change.Info ?? old.Info, values, change.ExpiresAt);
            entry.Touch();
        }

        if (change.Announce is not null)
        {
            hub.Deliver(change.Announce);
        }

        SweepIfDue();
        return Task.FromResult(true);
    }

    public Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_sessions.TryGetValue(sessionId, out var entry) && Remove(sessionId, entry));

    public Task<(long Bytes, TimeSpan? TimeToLive)> DescribeAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        if (!_sessions.TryGetValue(sessionId, out var entry))
        {
            return Task.FromResult<(long, TimeSpan?)>((0, null));
        }

        var snapshot = entry.Snapshot;
        long bytes = snapshot.Values.Sum(pair => (long)pair.Key.Length + pair.Value.Length);
        return Task.FromResult<(long, TimeSpan?)>((bytes, snapshot.ExpiresAt - time.GetUtcNow()));
    }

    public Task PingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    private bool IsExpired(Entry entry) => entry.Snapshot.ExpiresAt <= time.GetUtcNow();

    /// <summary>True only for the one caller that removed the entry.</summary>
    private bool Remove(string sessionId, Entry entry)
    {
        if (!_sessions.TryRemove(new KeyValuePair<string, Entry>(sessionId, entry)))
        {
            return false;
        }

        Interlocked.Decrement(ref _count);

        // A commit that already holds the entry must not write into a session that is gone.
        lock (entry)
        {
            entry.Deleted = true;
        }

        return true;
    }

    // Only this store sees a session expire or make room: in Redis a key's expiry happens inside Redis, unseen.
    private void Ended(string sessionId, Entry entry, string reason)
    {
        if (Remove(sessionId, entry))
        {
            telemetry.SessionEnded(reason);
        }
    }

    // Brings the store back to 90% of its capacity in one pass, so the sort is paid once per tenth of the capacity,
    // not on every create. Only one thread evicts; the others go on (the store is briefly a little over).
    private void EvictVisitors()
    {
        if (!_evicting.TryEnter())
        {
            return;
        }

        try
        {
            int excess = Count - (_capacity - (_capacity / 10));
            if (excess <= 0)
            {
                return;
            }

            var oldest = _sessions
                .Where(pair => pair.Value.Snapshot.Info.UserId is null)
                .OrderBy(pair => pair.Value.LastUsedTicks)
                .Take(excess)
                .ToList();
            foreach (var (id, entry) in oldest)
            {
                Ended(id, entry, SessionBridgeTelemetry.EndReasons.Evicted);
            }
        }
        finally
        {
            _evicting.Exit();
        }
    }

    private void SweepIfDue()
    {
        long now = time.GetUtcNow().UtcTicks;
        long due = Interlocked.Read(ref _nextSweepTicks);
        if (now < due || Interlocked.CompareExchange(ref _nextSweepTicks, now + SweepInterval.Ticks, due) != due)
        {
            return;
        }

        foreach (var (id, entry) in _sessions)
        {
            if (IsExpired(entry))
            {
                Ended(id, entry, SessionBridgeTelemetry.EndReasons.Expired);
            }
        }
    }

    /// <summary>A session as one commit left it; never changed once published.</summary>
    private sealed record Snapshot(SessionInfo Info, IReadOnlyDictionary<string, byte[]> Values, DateTimeOffset ExpiresAt);

    private sealed class Entry(Snapshot snapshot)
    {
        private static long s_clock;
        private volatile Snapshot _snapshot = snapshot;

        /// <summary>Replaced whole by a commit, under the entry's lock; read without it.</summary>
        public Snapshot Snapshot
        {
            get => _snapshot;
            set => _snapshot = value;
        }

        public bool Deleted { get; set; }

        /// <summary>A use counter rather than a time: it orders uses exactly, even within one clock tick.</summary>
        public long LastUsedTicks { get; private set; } = Interlocked.Increment(ref s_clock);

        public void Touch() => LastUsedTicks = Interlocked.Increment(ref s_clock);
    }
}
