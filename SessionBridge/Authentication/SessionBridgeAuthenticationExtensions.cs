using Microsoft.AspNetCore.Authentication;

namespace SessionBridge.Authentication;

public static class SessionBridgeAuthenticationExtensions
{
    /// <summary>
    /// Registers the SessionBridge scheme (<see cref="SessionBridgeAuthenticationDefaults.AuthenticationScheme"/>):
    /// <c>HttpContext.User</c> is the signed-in session's user, <c>SignInAsync</c> starts the login handoff,
    /// <c>SignOutAsync</c> ends the session. Needs <c>services.AddSessionBridge(...)</c>, and <c>app.UseAuthentication()</c>
    /// after <c>app.UseSessionBridge()</c>: the scheme reads what the bridge resolved for the request.
    /// </summary>
    public static AuthenticationBuilder AddSessionBridge(this AuthenticationBuilder builder, Action<SessionBridgeAuthenticationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddScheme<SessionBridgeAuthenticationOptions, SessionBridgeAuthenticationHandler>(
            SessionBridgeAuthenticationDefaults.AuthenticationScheme, displayName: null, configure);
    }
}
