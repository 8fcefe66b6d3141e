using Microsoft.AspNetCore.Authorization;

namespace SessionBridge.Authentication;

public static class SessionBridgeAuthorization
{
    /// <summary>
    /// Deny by default, for <see cref="AuthorizationOptions.FallbackPolicy"/>: every route of the app is for signed-in
    /// users unless it says <c>[AllowAnonymous]</c>. What routing answers by itself (no route: 404; a method the route
    /// does not serve: 405) is no route of the app and is answered to anyone as before: the stock
    /// <c>RequireAuthenticatedUser()</c> fallback also covers requests without an endpoint, so a visitor's mistyped
    /// address would be sent to sign in instead of getting its 404.
    /// </summary>
    public static AuthorizationPolicy FallbackPolicy { get; } = new AuthorizationPolicyBuilder()
        .RequireAssertion(context =>
            context.User.Identities.Any(identity => identity.IsAuthenticated)
            || (context.Resource is HttpContext http && http.GetEndpoint() is not RouteEndpoint))
        .Build();
}
