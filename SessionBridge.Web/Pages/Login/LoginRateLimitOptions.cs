using System.ComponentModel.DataAnnotations;

namespace SessionBridge.Web.Pages.Login;

/// <summary>
/// Settings under "LoginRateLimit": password tries (sign-in and the step-up re-check alike) allowed in each window,
/// per account from one address, per account from all addresses together, and per address.
/// </summary>
public sealed class LoginRateLimitOptions
{
    public const string Section = "LoginRateLimit";

    /// <summary>The tight limit: one account (email) guessed from one address.</summary>
    [Range(1, 10_000, ErrorMessage = "LoginRateLimit:PerEmail must be between 1 and 10000.")]
    public int PerEmail { get; set; } = 5;

    /// <summary>
    /// The looser limit: one account from every address together; unset, 4 × <see cref="PerEmail"/>. Tries refused by
    /// the tight limit do not count here, so one address cannot lock the owner out; it bounds guessing spread over
    /// many addresses.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "LoginRateLimit:PerEmailAllAddresses must be between 1 and 1000000.")]
    public int? PerEmailAllAddresses { get; set; }

    /// <summary>One address trying many accounts.</summary>
    [Range(1, 100_000, ErrorMessage = "LoginRateLimit:PerIp must be between 1 and 100000.")]
    public int PerIp { get; set; } = 30;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "LoginRateLimit:Window must be between 1 second and 1 day.")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The per-account limit over all addresses in force.</summary>
    public int AllAddressesLimit => PerEmailAllAddresses ?? PerEmail * 4;
}
