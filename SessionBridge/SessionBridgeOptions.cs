using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace SessionBridge;

/// <summary>
/// Settings under "SessionBridge" in appsettings.json. <see cref="IdleTimeout"/> is handed to the stock
/// <c>SessionOptions</c>, which also carries the session cookie's name and flags (set in AddSessionBridge).
/// </summary>
public sealed class SessionBridgeOptions
{
    public const string Section = "SessionBridge";

    /// <summary>Idle timeout of a session that is not remembered; the stock SessionOptions.IdleTimeout gets it.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "SessionBridge:IdleTimeout must be between 1 minute and 1 day.")]
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>"Remember this device": cookie Max-Age and the sliding idle timeout in the store.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "400.00:00:00", ErrorMessage = "SessionBridge:RememberMeLifetime must be between 1 minute and 400 days.")]
    public TimeSpan RememberMeLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>No session lives longer than this, however active.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "400.00:00:00", ErrorMessage = "SessionBridge:AbsoluteLifetime must be between 1 minute and 400 days.")]
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Reads refresh the expiry (and "last seen") at most this often: not a write per request.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "SessionBridge:RefreshInterval must be between 1 second and 1 hour.")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a login handoff may wait between POST /login and GET /account.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:30:00", ErrorMessage = "SessionBridge:HandoffLifetime must be between 5 seconds and 30 minutes.")]
    public TimeSpan HandoffLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Idle timeout of a visitor's session (nobody signed in). Visitors are most of the sessions a flood creates, so a
    /// shorter timeout than <see cref="IdleTimeout"/> bounds what they hold; never longer than it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "SessionBridge:VisitorIdleTimeout must be between 1 minute and 1 day.")]
    public TimeSpan? VisitorIdleTimeout { get; set; }

    /// <summary>How many sessions one client address may create per window (a clear 429 beyond it).</summary>
    [ValidateObjectMembers]
    public NewSessionsLimit NewSessionsPerClient { get; set; } = new();

    /// <summary>
    /// The most sessions the embedded (in-process) store keeps. Past it, the least recently used visitor sessions are
    /// evicted first; a signed-in session never is.
    /// </summary>
    [Range(100, 100_000_000, ErrorMessage = "SessionBridge:MemoryStoreCapacity must be between 100 and 100000000.")]
    public int MemoryStoreCapacity { get; set; } = 100_000;

    /// <summary>The app's sign-in page, where refused requests are sent (with <c>?reason=</c>). Set by the app in code.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "SessionBridge:LoginPath must be set (AddSessionBridge's configure).")]
    public string LoginPath { get; set; } = string.Empty;

    /// <summary>Where the live channel's stream is mapped; its check route is under it. Set by the app in code.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "SessionBridge:EventsPath must be set (AddSessionBridge's configure).")]
    public string EventsPath { get; set; } = string.Empty;

    /// <summary>What a tab told "signed-out" asks: reload onto a newer session, or go to sign in.</summary>
    public string EventsCheckPath => EventsPath + "/check";

    /// <summary>Prefix of every Redis key SessionBridge writes.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "SessionBridge:RedisKeyPrefix must not be empty.")]
    public string RedisKeyPrefix { get; set; } = "sb:";

    /// <summary>How session writes treat Redis replication ("SessionBridge:Redis").</summary>
    [ValidateObjectMembers]
    public SessionBridgeRedisOptions Redis { get; set; } = new();
}
