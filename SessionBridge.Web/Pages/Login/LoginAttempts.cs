using Microsoft.Extensions.Options;
using SessionBridge.Limits;

namespace SessionBridge.Web.Pages.Login;

/// <summary>
/// Password tries, sign-in and step-up alike, counted once for the whole deployment (<see cref="SharedLimits"/>): per
/// account and address (tight), per address (many accounts), per account from all addresses (looser). The limits are
/// asked in that order and a refused try stops there, so a stranger's tries refused by the tight limit never use up the
/// account's own: the owner, from another address, still gets in. Every try counts, right or wrong, so the limit says
/// nothing about which it was.
/// </summary>
public sealed class LoginAttempts : IDisposable
{
    private readonly SharedLimit _perEmailAndIp;
    private readonly SharedLimit _perIp;
    private readonly SharedLimit _perEmailAllAddresses;

    public LoginAttempts(SharedLimits limits, IOptions<LoginRateLimitOptions> options)
    {
        var o = options.Value;
        _perEmailAndIp = limits.Create("login-email-ip", o.PerEmail, o.Window);
        _perIp = limits.Create("login-ip", o.PerIp, o.Window);
        _perEmailAllAddresses = limits.Create("login-email", o.AllAddressesLimit, o.Window);
    }

    /// <summary>Null when the try may go ahead, otherwise how long to wait. Throws when the counts cannot be reached.</summary>
    public async ValueTask<TimeSpan?> TryAttemptAsync(string ip, string email, CancellationToken cancellationToken)
    {
        // The same account however it is typed: " BOB@example.com " is bob@example.com.
        string account = email.Trim().ToUpperInvariant();
        return await _perEmailAndIp.TryAcquireAsync(account + "\n" + ip, cancellationToken)
            ?? await _perIp.TryAcquireAsync(ip, cancellationToken)
            ?? await _perEmailAllAddresses.TryAcquireAsync(account, cancellationToken);
    }

    public void Dispose()
    {
        _perEmailAndIp.Dispose();
        _perIp.Dispose();
        _perEmailAllAddresses.Dispose();
    }
}
