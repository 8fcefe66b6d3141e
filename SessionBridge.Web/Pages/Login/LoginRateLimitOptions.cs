using System.ComponentModel.DataAnnotations;

namespace SessionBridge.Web.Pages.Login;

/// <summary>Settings under "LoginRateLimit": attempts per email and per client IP in each window.</summary>
public sealed class LoginRateLimitOptions
{
    public const string Section = "LoginRateLimit";

    [Range(1, 10_000, ErrorMessage = "LoginRateLimit:PerEmail must be between 1 and 10000.")]
    public int PerEmail { get; set; } = 5;

    [Range(1, 100_000, ErrorMessage = "LoginRateLimit:PerIp must be between 1 and 100000.")]
    public int PerIp { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "LoginRateLimit:Window must be between 1 second and 1 day.")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
