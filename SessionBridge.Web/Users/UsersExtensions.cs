using SessionBridge.Sessions;

namespace SessionBridge.Web.Users;

public static class UsersExtensions
{
    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddOptions<UsersOptions>().BindConfiguration(UsersOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<ISessionUserDirectory>(sp => sp.GetRequiredService<UserDirectory>());
        return services;
    }
}
