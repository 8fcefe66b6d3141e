using Microsoft.AspNetCore.Authentication;

namespace SessionBridge.Authentication;

/// <summary>Options of the SessionBridge authentication scheme.</summary>
public sealed class SessionBridgeAuthenticationOptions : AuthenticationSchemeOptions
{
    /// <summary>
    /// Where a sign-in lands when <see cref="AuthenticationProperties.RedirectUri"/> is not set (or is not a local URL).
    /// It must be a page marked <see cref="Handoff.HandoffLandingAttribute"/>: the login completes there.
    /// </summary>
    public PathString LandingPath { get; set; } = "/";
}
