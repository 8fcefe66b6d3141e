namespace SessionBridge.Limits;

/// <summary>
/// One limit of a <see cref="SharedLimitGroup"/>: at most <see cref="PermitLimit"/> tries per <see cref="Window"/> for
/// each key, named <see cref="Name"/> (the name is part of the counter's partition, so two rules never share a count).
/// </summary>
public sealed class SharedLimitRule
{
    public SharedLimitRule(string name, int permitLimit, TimeSpan window)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(permitLimit, 1);

        // Redis counts the window in whole milliseconds (PEXPIRE); a shorter one would never expire.
        ArgumentOutOfRangeException.ThrowIfLessThan(window, TimeSpan.FromMilliseconds(1));
        Name = name;
        PermitLimit = permitLimit;
        Window = window;
    }

    /// <summary>The rule's name, the first part of each of its partitions.</summary>
    public string Name { get; }

    /// <summary>Tries allowed per window for one key.</summary>
    public int PermitLimit { get; }

    /// <summary>How long a window lasts from the first try it counts.</summary>
    public TimeSpan Window { get; }
}
