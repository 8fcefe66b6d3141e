using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;
using SessionBridge.Events;
using SessionBridge.Handoff;
using SessionBridge.Sessions;
using SessionBridge.Store;

namespace SessionBridge.Authentication;

/// <summary>
/// The SessionBridge scheme. It adds no cookie and no store round trip of its own: the bridge's middleware has
/// already loaded the session and asked the user directory (<see cref="SessionGate"/>), and this turns that answer
/// into the request's principal. Signing in starts the login handoff (the session is signed in where it lands);
/// signing out ends the session everywhere; a challenge is answered as every refusal of the bridge is.
/// </summary>
internal sealed class SessionBridgeAuthenticationHandler(
    IOptionsMonitor<SessionBridgeAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    LoginHandoff handoff,
    UserSessions sessions,
    SessionRefusal refusal,
    ITempDataDictionaryFactory tempData)
    : SignInAuthenticationHandler<SessionBridgeAuthenticationOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // No feature: an endpoint that never loads the session (static files, health), or the middleware did not run.
        if (Context.Features.Get<SessionContextFeature>() is not { User: { } user } feature)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var principal = new ClaimsPrincipal(Identity(user, feature.Session.Id));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name)));
    }

    /// <summary>Sends the request to sign in the way it expects: a page to the login page, htmx by HX-Redirect, a stream ends.</summary>
    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        refusal.Write(Context, RefusalReason.SignInRequired);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Starts the login handoff for the principal's <see cref="ClaimTypes.NameIdentifier"/>, and answers with the way
    /// to where it lands: HX-Redirect for htmx, 303 See Other for a form. The session is signed in by that next request.
    /// </summary>
    protected override async Task HandleSignInAsync(ClaimsPrincipal user, AuthenticationProperties? properties)
    {
        string userId = user.FindFirst(ClaimTypes.NameIdentifier)?.Value
            ?? throw new InvalidOperationException($"Signing in with {Scheme.Name} needs a principal with a {nameof(ClaimTypes.NameIdentifier)} claim (the user id).");

        var data = tempData.GetTempData(Context);
        data[LoginHandoff.TempDataKey] = await handoff.IssueAsync(userId, properties?.IsPersistent == true, Context.BridgeSession(), Context.RequestAborted);

        // A page or an action saves TempData itself after its result (MVC's SaveTempDataFilter); saved here as well,
        // its cookie would be sent twice. Anything else (a minimal endpoint) has nobody else to save it.
        if (Context.GetEndpoint()?.Metadata.GetMetadata<ActionDescriptor>() is null)
        {
            data.Save();
        }

        HtmxResults.Redirect(Context, LocalOr(properties?.RedirectUri, Options.LandingPath));
    }

    /// <summary>
    /// Ends the session in the store and tells its other tabs; the tab that signed out is named by the form field
    /// <see cref="LiveChannel.TabField"/>. With <see cref="AuthenticationProperties.RedirectUri"/> the answer sends
    /// the browser there (a URL that is not local: to the login page).
    /// </summary>
    protected override async Task HandleSignOutAsync(AuthenticationProperties? properties)
    {
        string? tab = null;
        if (Request.HasFormContentType && (await Request.ReadFormAsync(Context.RequestAborted)).TryGetValue(LiveChannel.TabField, out var field))
        {
            tab = field.ToString();
        }

        await sessions.SignOutAsync(Context, tab, Context.RequestAborted);
        if (properties?.RedirectUri is { } redirect)
        {
            HtmxResults.Redirect(Context, LocalOr(redirect, refusal.LoginUrl(RefusalReason.SignedOut)));
        }
    }

    private ClaimsIdentity Identity(SignedInUser user, string sessionId)
    {
        var claims = new List<Claim>(user.Claims.Count + 2) { new(ClaimTypes.NameIdentifier, user.Id) };
        foreach (var claim in user.Claims)
        {
            if (claim.Type is not (ClaimTypes.NameIdentifier or SessionBridgeClaimTypes.Session))
            {
                claims.Add(claim);
            }
        }

        claims.Add(new Claim(SessionBridgeClaimTypes.Session, SessionToken.LogTag(sessionId)));
        return new ClaimsIdentity(claims, Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
    }

    /// <summary>The URL when it stays on this site (a path, printable ASCII, not "//host" or "/\host"), else the fallback.</summary>
    private static string LocalOr(string? url, string fallback) =>
        url is ['/', ..] && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            && url.All(c => c is > ' ' and < '\x7f')
            ? url
            : fallback;
}
