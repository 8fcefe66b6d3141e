using System.ComponentModel.DataAnnotations;

namespace SessionBridge.Web.Users;

/// <summary>An account from configuration ("Users" in appsettings.Development.json); the password only as a hash.</summary>
public sealed class UserAccount
{
    [Required]
    public string Id { get; set; } = string.Empty;

    [Required, EmailAddress]
    public string Email { get; set; } = string.Empty;

    [Required]
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>A <c>PasswordHasher&lt;UserAccount&gt;</c> hash (ASP.NET Core Identity v3 format).</summary>
    [Required]
    public string PasswordHash { get; set; } = string.Empty;

    public bool Enabled { get; set; } = true;
}

public sealed class UsersOptions
{
    public const string Section = "Users";

    public List<UserAccount> Accounts { get; set; } = [];
}
