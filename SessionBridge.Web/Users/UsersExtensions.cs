using SessionBridge.Web.Bridge.Sessions;

namespace SessionBridge.Web.Users;

public static class UsersExtensions
{
    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddOptions<UsersOptions>().BindConfiguration(UsersOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UserDirectory>();
        services.AddOptions<Pages.Login.LoginRateLimitOptions>().BindConfiguration(Pages.Login.LoginRateLimitOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Pages.Login.LoginAttempts>();
        services.AddSingleton<ISessionUsers>(sp => sp.GetRequiredService<UserDirectory>());
        return services;
    }
}
