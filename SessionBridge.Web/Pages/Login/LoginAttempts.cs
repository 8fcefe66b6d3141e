using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

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

/// <summary>
/// Login attempts, limited with the built-in rate limiter per email (guessing one account's password) and per IP
/// (trying many accounts). Every attempt counts, right or wrong, so the limit says nothing about which it was.
/// </summary>
public sealed class LoginAttempts : IDisposable
{
    private readonly PartitionedRateLimiter<(string Ip, string Email)> _limiter;

    public LoginAttempts(IOptions<LoginRateLimitOptions> options)
    {
        var o = options.Value;
        _limiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<(string Ip, string Email), string>(a => Window("email:" + a.Email, o.PerEmail, o.Window)),
            PartitionedRateLimiter.Create<(string Ip, string Email), string>(a => Window("ip:" + a.Ip, o.PerIp, o.Window)));
    }

    /// <summary>Null when the attempt may go ahead, otherwise how long to wait.</summary>
    public TimeSpan? TryAttempt(string ip, string email)
    {
        using var lease = _limiter.AttemptAcquire((ip, email.Trim().ToUpperInvariant()));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
    }

    public void Dispose() => _limiter.Dispose();

    private static RateLimitPartition<string> Window(string key, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });
}
