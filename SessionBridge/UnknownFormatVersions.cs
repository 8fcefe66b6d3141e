using System.Collections.Concurrent;

namespace SessionBridge;

/// <summary>
/// What a node does with a stored value (a session's info, a handoff, a live event) of a format version it does not
/// read: it refuses the value, leaves it as it is, and says so once per format and version, not once per request. Such a
/// value means a newer release wrote it before every node could read it: an operator needs to hear it, once.
/// </summary>
internal sealed partial class UnknownFormatVersions(ILogger logger, string format)
{
    // Versions come from shared storage: a flood of distinct ones must not grow this without bound.
    private const int MaxRemembered = 64;

    private readonly ConcurrentDictionary<long, bool> _logged = new();

    public void Refused(long version)
    {
        if (_logged.Count < MaxRemembered && _logged.TryAdd(version, true))
        {
            LogRefused(logger, format, version);
        }
    }

    [LoggerMessage(120, LogLevel.Warning,
        "Refused a stored {Format} of format version {Version}, which this node does not read (a newer release wrote it?); left as it is. Logged once per version")]
    private static partial void LogRefused(ILogger logger, string format, long version);
}
