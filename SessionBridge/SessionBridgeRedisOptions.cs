using System.ComponentModel.DataAnnotations;

namespace SessionBridge;

/// <summary>
/// Settings under "SessionBridge:Redis". Redis replicates asynchronously: a write its primary acknowledged can be lost
/// when the primary fails before a replica has it. <see cref="WaitForReplicas"/> makes every session write wait
/// (Redis WAIT, pipelined behind the write: no extra round trip) until that many replicas have it, and answers 503
/// rather than 200 when they do not confirm within <see cref="WaitTimeout"/>. The cost: each save waits for the
/// replicas' acknowledgement, and while a replica lags or is down, saves wait the whole timeout and then fail.
/// </summary>
public sealed class SessionBridgeRedisOptions
{
    /// <summary>Replicas that must have a session write before it is answered; 0 (the default) does not wait.</summary>
    [Range(0, 5, ErrorMessage = "SessionBridge:Redis:WaitForReplicas must be between 0 and 5.")]
    public int WaitForReplicas { get; set; }

    /// <summary>How long a write waits for the replicas before it is answered 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:05", ErrorMessage = "SessionBridge:Redis:WaitTimeout must be between 10 milliseconds and 5 seconds.")]
    public TimeSpan WaitTimeout { get; set; } = TimeSpan.FromMilliseconds(250);
}
