using System.ComponentModel.DataAnnotations;

namespace SessionBridge;

/// <summary>Settings under "SessionBridge:NewSessionsPerClient": how many sessions one client address may create per window.</summary>
public sealed class NewSessionsLimit
{
    [Range(1, 1_000_000, ErrorMessage = "SessionBridge:NewSessionsPerClient:PermitLimit must be between 1 and 1000000.")]
    public int PermitLimit { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "SessionBridge:NewSessionsPerClient:Window must be between 1 second and 1 day.")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
