namespace SessionBridge.Authentication;

/// <summary>The names the SessionBridge authentication scheme is known by.</summary>
public static class SessionBridgeAuthenticationDefaults
{
    /// <summary>The scheme <see cref="SessionBridgeAuthenticationExtensions.AddSessionBridge"/> registers.</summary>
    public const string AuthenticationScheme = "SessionBridge";
}
