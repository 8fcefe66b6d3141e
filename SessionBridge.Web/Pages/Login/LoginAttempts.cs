using Microsoft.Extensions.Options;
using SessionBridge.Limits;

namespace SessionBridge.Web.Pages.Login;

/// <summary>
/// Password tries, sign-in and step-up alike, counted once for the whole deployment (<see cref="SharedLimits"/>): per
/// account and address (tight), per address (many accounts), per account from all addresses (looser). The three are
/// one <see cref="SharedLimitGroup"/>, asked once per try (in Redis, one round trip): a try is counted by all three or,
/// when one refuses it, by none. So a stranger's tries refused by the tight limit never use up the account's own (the
/// owner, from another address, still gets in), and tries refused by the per-address limit do not use up the tight one
/// either. Every try counts, right or wrong, so the limit says nothing about which it was.
/// </summary>
public sealed class LoginAttempts(SharedLimits limits, IOptions<LoginRateLimitOptions> options)
{
    private readonly SharedLimitGroup _limits = limits.CreateGroup(
        "login",
        new SharedLimitRule("login-email-ip", options.Value.PerEmail, options.Value.Window),
        new SharedLimitRule("login-ip", options.Value.PerIp, options.Value.Window),
        new SharedLimitRule("login-email", options.Value.AllAddressesLimit, options.Value.Window));

    /// <summary>Null when the try may go ahead, otherwise how long to wait. Throws when the counts cannot be reached.</summary>
    public async ValueTask<TimeSpan?> TryAttemptAsync(string ip, string email, CancellationToken cancellationToken)
    {
        // The same account however it is typed: " BOB@example.com " is bob@example.com.
        string account = email.Trim().ToUpperInvariant();
        return await _limits.TryAcquireAsync([account + "\n" + ip, ip, account], cancellationToken);
    }
}
