using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SessionBridge.Sessions;

namespace SessionBridge.Web.Users;

/// <summary>
/// The accounts the app knows, read from configuration (so changes to appsettings apply to the next request: a user
/// disabled there is refused at once). Checking a password takes the same time whether or not the user exists.
/// </summary>
public sealed class UserDirectory(IOptionsMonitor<UsersOptions> options) : ISessionUserDirectory
{
    private static readonly PasswordHasher<UserAccount> Hasher = new();

    // Unknown users are checked against this hash so their answer takes as long as a wrong password.
    private static readonly Lazy<string> DummyHash = new(() => Hasher.HashPassword(new UserAccount(), Guid.NewGuid().ToString()));

    public UserAccount? FindByEmail(string email) =>
        options.CurrentValue.Accounts.FirstOrDefault(a => string.Equals(a.Email, email.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The account if the email and password match an enabled account, otherwise null (no hint which part was wrong).</summary>
    public UserAccount? Verify(string email, string password)
    {
        var account = FindByEmail(email);
        var result = Hasher.VerifyHashedPassword(account ?? new UserAccount(), account?.PasswordHash ?? DummyHash.Value, password);
        return account is { Enabled: true } && result != PasswordVerificationResult.Failed ? account : null;
    }

    /// <summary>An enabled account's name and email, the claims the pages read (<c>User</c>); null when gone or disabled.</summary>
    public ValueTask<IReadOnlyCollection<Claim>?> FindAsync(string userId, CancellationToken cancellationToken = default)
    {
        var account = options.CurrentValue.Accounts.FirstOrDefault(a => a.Id == userId && a.Enabled);
        return ValueTask.FromResult<IReadOnlyCollection<Claim>?>(account is null ? null : Claims(account));
    }

    /// <summary>Who signs in with this account: what the login page hands to <c>SignInAsync</c>.</summary>
    public static ClaimsPrincipal Principal(UserAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, account.Id), .. Claims(account)], "password"));
    }

    private static Claim[] Claims(UserAccount account) => [new(ClaimTypes.Name, account.DisplayName), new(ClaimTypes.Email, account.Email)];
}
