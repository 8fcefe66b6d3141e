using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SessionBridge.Web.Pages.Login;

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
