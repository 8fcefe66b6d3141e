using System.ComponentModel.DataAnnotations;

namespace SessionBridge.Web.Pages.Account;

/// <summary>Settings under "Account".</summary>
public sealed class AccountOptions : IValidatableObject
{
    public const string Section = "Account";

    /// <summary>
    /// How long after signing in the guarded actions (sign out one device, sign out everywhere else) go ahead without
    /// the password; after it they ask for it again. Any positive duration.
    /// </summary>
    public TimeSpan StepUpWindow { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (StepUpWindow <= TimeSpan.Zero)
        {
            yield return new ValidationResult($"Account:StepUpWindow must be a positive duration (it is {StepUpWindow}).", [nameof(StepUpWindow)]);
        }
    }
}
