using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SessionBridge.Web.Bridge.Handoff;
using SessionBridge.Web.Bridge.Htmx;
using SessionBridge.Web.Bridge.Sessions;
using SessionBridge.Web.Bridge.Store;
using SessionBridge.Web.Localization;
using SessionBridge.Web.Users;

namespace SessionBridge.Web.Pages.Account;

/// <summary>
/// GET /account: where a login handoff lands, and the user's active sessions. Consuming the handoff rotates the
/// session id and signs the new session in; the welcome is shown by the request that consumed the handoff, so it
/// appears exactly once and no other request (a parallel fragment refresh, say) can take it.
/// POST handlers revoke one session, or all others (asking for the password again unless the login is recent).
/// </summary>
[RequireSignedIn]
public sealed class IndexModel(LoginHandoff handoff, UserSessions sessions, UserDirectory users, TimeProvider time, IStringLocalizer<Strings> text) : PageModel, IHandoffLanding
{
    /// <summary>"Sign out everywhere else" without the password only this soon after signing in.</summary>
    public static readonly TimeSpan StepUpWindow = TimeSpan.FromMinutes(10);

    public SessionUser SignedIn { get; private set; } = null!;

    public bool Welcome { get; private set; }

    public IReadOnlyList<ActiveSession> Sessions { get; private set; } = [];

    public string CurrentSessionId { get; private set; } = string.Empty;

    public bool NeedsPassword { get; private set; }

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public async Task ConsumeHandoffAsync(CancellationToken cancellationToken)
    {
        // Reading TempData marks the handoff deleted: its cookie is cleared with this response whatever happens.
        var session = HttpContext.BridgeSession();
        var result = await handoff.ConsumeAsync(TempData[LoginHandoff.TempDataKey] as string, session, cancellationToken);
        if (result.Outcome == HandoffOutcome.Accepted
            && await users.FindAsync(result.UserId!, cancellationToken) is { } user
            && await sessions.SignInAsync(HttpContext, user, result.RememberMe, cancellationToken))
        {
            Welcome = true;
        }
    }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostRevokeAsync(string? session, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var target = Sessions.FirstOrDefault(s => SessionToken.LogTag(s.Id) == session && s.Id != CurrentSessionId);
        if (target is null)
        {
            return await AnswerAsync(text["Sessions.NotYours"], StatusCodes.Status422UnprocessableEntity, cancellationToken);
        }

        await sessions.RevokeAsync(SignedIn.Id, target.Id, cancellationToken);
        return await AnswerAsync(text["Sessions.SignedOutDevice", target.Info.Device ?? string.Empty], StatusCodes.Status200OK, cancellationToken);
    }

    public async Task<IActionResult> OnPostRevokeOthersAsync(string? password, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (NeedsPassword && (string.IsNullOrEmpty(password) || users.Verify(SignedIn.Email, password) is null))
        {
            return await AnswerAsync(text["Sessions.PasswordNeeded"], StatusCodes.Status422UnprocessableEntity, cancellationToken);
        }

        int revoked = await sessions.RevokeOthersAsync(SignedIn.Id, CurrentSessionId, cancellationToken);
        return await AnswerAsync(revoked == 1 ? text["Sessions.SignedOutOne"] : text["Sessions.SignedOutMany", revoked], StatusCodes.Status200OK, cancellationToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var session = HttpContext.BridgeSession();
        SignedIn = HttpContext.CurrentUser()!;
        CurrentSessionId = session.Id;
        NeedsPassword = session.Info?.SignedInAt is not { } signedInAt || time.GetUtcNow() - signedInAt > StepUpWindow;
        Sessions = await sessions.ListAsync(SignedIn.Id, cancellationToken);
    }

    private async Task<IActionResult> AnswerAsync(string message, int status, CancellationToken cancellationToken)
    {
        bool failed = status != StatusCodes.Status200OK;
        if (!Request.IsHtmx() && !failed)
        {
            return HtmxResults.RedirectFor(HttpContext, "/account");
        }

        await LoadAsync(cancellationToken);
        if (failed)
        {
            Error = message;
        }
        else
        {
            Message = message;
        }

        Response.StatusCode = status;
        return Request.IsHtmx() ? Partial("_Sessions", this) : Page();
    }
}
