namespace SessionBridge;

/// <summary>
/// How every cookie of the app is named and flagged: in Development "sb-{purpose}" on plain http; everywhere else
/// "__Host-sb-{purpose}", which the browser accepts only when Secure, for this host and path "/".
/// </summary>
internal static class SessionBridgeCookies
{
    public static string Name(IHostEnvironment environment, string purpose) =>
        (environment.IsDevelopment() ? "sb-" : "__Host-sb-") + purpose;

    public static CookieSecurePolicy SecurePolicy(IHostEnvironment environment) =>
        environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
}
