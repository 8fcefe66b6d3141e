using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionBridge.Web.Bridge.Handoff;
using SessionBridge.Web.Bridge.Htmx;
using SessionBridge.Web.Bridge.Sessions;
using SessionBridge.Web.Bridge.Store;
using SessionBridge.Web.Users;

namespace SessionBridge.Web.Pages.Account;

/// <summary>
/// GET /account: where a login handoff lands (the bridge consumes it before the page runs, rotating the session id
/// and signing the new session in), and the user's active sessions. The welcome is shown by the request that consumed
/// the handoff, so it appears exactly once and no other request (a parallel fragment refresh, say) can take it.
/// POST handlers revoke one session, or all others (asking for the password again unless the login is recent).
/// </summary>
[HandoffLanding]
[RequireSignedIn]
public sealed class IndexModel(UserSessions sessions, UserDirectory users, TimeProvider time) : PageModel
{
    /// <summary>"Sign out everywhere else" without the password only this soon after signing in.</summary>
    public static readonly TimeSpan StepUpWindow = TimeSpan.FromMinutes(10);

    public SessionUser SignedIn { get; private set; } = null!;

    /// <summary>This request consumed the login handoff (the bridge did, before the page ran): show the welcome once.</summary>
    public bool Welcome => HttpContext.SessionContext().JustSignedIn;

    public IReadOnlyList<ActiveSession> Sessions { get; private set; } = [];

    public string CurrentSessionId { get; private set; } = string.Empty;

    public bool NeedsPassword { get; private set; }

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostRevokeAsync(string? session, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var target = Sessions.FirstOrDefault(s => s.Handle == session && s.Id != CurrentSessionId);
        if (target is null)
        {
            return await AnswerAsync("That session is not one of your other active sessions.", StatusCodes.Status422UnprocessableEntity, cancellationToken);
        }

        await sessions.RevokeAsync(SignedIn.Id, target.Id, cancellationToken);
        return await AnswerAsync($"Signed out {target.Info.Device}.", StatusCodes.Status200OK, cancellationToken);
    }

    public async Task<IActionResult> OnPostRevokeOthersAsync(string? password, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (NeedsPassword && (string.IsNullOrEmpty(password) || users.Verify(SignedIn.Email, password) is null))
        {
            return await AnswerAsync("Enter your password to sign out your other sessions.", StatusCodes.Status422UnprocessableEntity, cancellationToken);
        }

        int revoked = await sessions.RevokeOthersAsync(SignedIn.Id, CurrentSessionId, cancellationToken);
        return await AnswerAsync(revoked == 1 ? "Signed out 1 other session." : $"Signed out {revoked} other sessions.", StatusCodes.Status200OK, cancellationToken);
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

    public static string Ago(SessionInfo info, DateTimeOffset now) => (now - info.LastSeenAt) switch
    {
        { TotalMinutes: < 1 } => "just now",
        { TotalHours: < 1 } span => $"{(int)span.TotalMinutes} min ago",
        { TotalDays: < 1 } span => $"{(int)span.TotalHours} h ago",
        var span => $"{(int)span.TotalDays} days ago",
    };
}
