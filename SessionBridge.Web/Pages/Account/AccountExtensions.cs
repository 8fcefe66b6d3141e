namespace SessionBridge.Web.Pages.Account;

public static class AccountExtensions
{
    /// <summary>The account page's settings ("Account" in appsettings.json); its password re-check shares the login limits.</summary>
    public static IServiceCollection AddAccount(this IServiceCollection services)
    {
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
