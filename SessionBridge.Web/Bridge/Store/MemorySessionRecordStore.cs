using System.Collections.Concurrent;
using SessionBridge.Web.Bridge.Events;

namespace SessionBridge.Web.Bridge.Store;

/// <summary>
/// The embedded default: sessions in this process. Each session has its own lock, so a commit is atomic per
/// session and commits to different keys never overwrite each other. Expired entries are dropped when touched and by
/// a sweep that runs at most once per minute, on the back of ordinary commits. A commit's event is handed to this
/// process's streams once the commit has landed.
/// </summary>
public sealed class MemorySessionRecordStore(TimeProvider time, SessionEventHub hub) : ISessionRecordStore
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Entry> _sessions = new(StringComparer.Ordinal);
    private long _nextSweepTicks;

    public string Kind => "memory";

    public Task<SessionRecord?> LoadAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        if (!_sessions.TryGetValue(sessionId, out var entry))
        {
            return Task.FromResult<SessionRecord?>(null);
        }

        lock (entry)
        {
            if (IsExpired(entry))
            {
                _sessions.TryRemove(new KeyValuePair<string, Entry>(sessionId, entry));
                return Task.FromResult<SessionRecord?>(null);
            }

            return Task.FromResult<SessionRecord?>(new SessionRecord(entry.Info, new Dictionary<string, byte[]>(entry.Values, StringComparer.Ordinal)));
        }
    }

    public Task CreateAsync(string sessionId, SessionInfo info, IReadOnlyDictionary<string, byte[]> values, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        _sessions[sessionId] = new Entry(info, new Dictionary<string, byte[]>(values, StringComparer.Ordinal), expiresAt);
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

            foreach (var (key, value) in change.Set)
            {
                entry.Values[key] = value;
            }

            foreach (var key in change.Removed)
            {
                entry.Values.Remove(key);
            }

            entry.Info = change.Info ?? entry.Info;
            entry.ExpiresAt = change.ExpiresAt;
        }

        if (change.Announce is not null)
        {
            hub.Deliver(change.Announce);
        }

        SweepIfDue();
        return Task.FromResult(true);
    }

    public Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        if (!_sessions.TryRemove(sessionId, out var entry))
        {
            return Task.FromResult(false);
        }

        // A commit that already holds the entry must not write into a session that is gone.
        lock (entry)
        {
            entry.Deleted = true;
        }

        return Task.FromResult(true);
    }

    public Task<(long Bytes, TimeSpan? TimeToLive)> DescribeAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        if (!_sessions.TryGetValue(sessionId, out var entry))
        {
            return Task.FromResult<(long, TimeSpan?)>((0, null));
        }

        lock (entry)
        {
            long bytes = entry.Values.Sum(pair => (long)pair.Key.Length + pair.Value.Length);
            return Task.FromResult<(long, TimeSpan?)>((bytes, entry.ExpiresAt - time.GetUtcNow()));
        }
    }

    public Task PingAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    private bool IsExpired(Entry entry) => entry.ExpiresAt <= time.GetUtcNow();

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
            if (entry.ExpiresAt <= time.GetUtcNow())
            {
                _sessions.TryRemove(new KeyValuePair<string, Entry>(id, entry));
            }
        }
    }

    private sealed class Entry(SessionInfo info, Dictionary<string, byte[]> values, DateTimeOffset expiresAt)
    {
        public SessionInfo Info { get; set; } = info;

        public Dictionary<string, byte[]> Values { get; } = values;

        public DateTimeOffset ExpiresAt { get; set; } = expiresAt;

        public bool Deleted { get; set; }
    }
}
