namespace SessionBridge.Limits;

/// <summary>
/// A <see cref="SharedLimitGroup"/> counted in this process, with the semantics of <see cref="RedisLimitGroup"/>: a
/// window starts at its first try and lasts the rule's window. Windows that have ended are dropped at most once per
/// shortest window, so a spray of tries for random accounts holds memory for the tries of about two windows, not for
/// ever.
/// </summary>
internal sealed class ProcessLimitGroup : SharedLimitGroup
{
    private readonly SharedLimitRule[] _rules;
    private readonly TimeProvider _time;
    private readonly TimeSpan _pruneEvery;
    private readonly Dictionary<string, Counter> _counters = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _prunedAt;

    public ProcessLimitGroup(IReadOnlyList<SharedLimitRule> rules, TimeSpan ioTimeout, TimeProvider time)
        : base(rules, ioTimeout)
    {
        _rules = [.. rules];
        _time = time;
        _pruneEvery = _rules.Min(rule => rule.Window);
        _prunedAt = time.GetTimestamp();
    }

    /// <summary>The counters held, ended windows not yet dropped among them.</summary>
    internal int Count
    {
        get
        {
            lock (_lock)
            {
                return _counters.Count;
            }
        }
    }

    private protected override Task<TimeSpan?> CountAsync(string[] partitions, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            long now = _time.GetTimestamp();
            PruneIfDue(now);
            for (int i = 0; i < partitions.Length; i++)
            {
                if (_counters.TryGetValue(partitions[i], out var counter) && Left(counter, now) is { } left && counter.Count >= _rules[i].PermitLimit)
                {
                    return Task.FromResult<TimeSpan?>(left);
                }
            }

            for (int i = 0; i < partitions.Length; i++)
            {
                if (_counters.TryGetValue(partitions[i], out var counter) && Left(counter, now) is not null)
                {
                    counter.Count++;
                }
                else
                {
                    _counters[partitions[i]] = new Counter { Count = 1, StartedAt = now, Window = _rules[i].Window };
                }
            }

            return Task.FromResult<TimeSpan?>(null);
        }
    }

    /// <summary>How long the counter's window still lasts; null once it has ended.</summary>
    private TimeSpan? Left(Counter counter, long now)
    {
        var left = counter.Window - _time.GetElapsedTime(counter.StartedAt, now);
        return left > TimeSpan.Zero ? left : null;
    }

    private void PruneIfDue(long now)
    {
        if (_time.GetElapsedTime(_prunedAt, now) < _pruneEvery)
        {
            return;
        }

        foreach (var (partition, counter) in _counters)
        {
            if (Left(counter, now) is null)
            {
                _counters.Remove(partition);
            }
        }

        _prunedAt = now;
    }

    private sealed class Counter
    {
        public int Count { get; set; }

        public long StartedAt { get; init; }

        public TimeSpan Window { get; init; }
    }
}
