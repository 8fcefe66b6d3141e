using System.Security.Claims;
using Htmx;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SessionBridge.Handoff;
using SessionBridge.Sessions;
using SessionBridge.Telemetry;
using SessionBridge.Web.Localization;
using SessionBridge.Web.Pages.Login;
using SessionBridge.Web.Users;

namespace SessionBridge.Web.Pages.Account;

/// <summary>
/// GET /account: where a login handoff lands (the bridge consumes it before the page runs, rotating the session id
/// and signing the new session in), and the user's active sessions. The welcome is shown by the request that consumed
/// the handoff, so it appears exactly once and no other request (a parallel fragment refresh, say) can take it.
/// POST handlers revoke one session, or all others. Both are guarded alike: outside the step-up window
/// ("Account:StepUpWindow" after signing in) they ask for the password again, and every password try counts against
/// the sign-in limits (<see cref="LoginAttempts"/>), so a stolen cookie is no faster a way to guess it.
/// </summary>
[HandoffLanding]
[Authorize]
public sealed partial class IndexModel(
    UserSessions sessions,
    UserDirectory users,
    LoginAttempts attempts,
    SessionBridgeTelemetry telemetry,
    IOptions<AccountOptions> options,
    TimeProvider time,
    IStringLocalizer<Strings> text,
    ILogger<IndexModel> logger) : PageModel
{
    /// <summary>The signed-in user's id, name and email, as the user directory's claims give them.</summary>
    public string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    public string DisplayName => User.FindFirstValue(ClaimTypes.Name) ?? string.Empty;

    public string Email => User.FindFirstValue(ClaimTypes.Email) ?? string.Empty;

    /// <summary>This request consumed the login handoff (the bridge did, before the page ran): show the welcome once.</summary>
    public bool Welcome => HttpContext.SessionContext().JustSignedIn;

    public IReadOnlyList<ActiveSession> Sessions { get; private set; } = [];

    public string CurrentSessionId { get; private set; } = string.Empty;

    /// <summary>The login is older than the step-up window: guarded actions ask for the password.</summary>
    public bool NeedsPassword { get; private set; }

    /// <summary>The session whose sign-out waits for the password (the confirm form names it), if any.</summary>
    public string? ConfirmHandle { get; private set; }

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        ReadSession();
        Sessions = await sessions.ListAsync(HttpContext, cancellationToken);
    }

    public async Task<IActionResult> OnPostRevokeAsync(string? session, string? password, CancellationToken cancellationToken)
    {
        // Listed once: the answer shows the list without the session it ends, and nothing is loaded again.
        ReadSession();
        Sessions = await sessions.ListAsync(HttpContext, cancellationToken);
        var target = Sessions.FirstOrDefault(s => s.Handle == session && s.Id != CurrentSessionId);
        if (target is null)
        {
            return Answer(text["Sessions.NotYours"], StatusCodes.Status422UnprocessableEntity);
        }

        if (await StepUpAsync(password, text["Sessions.PasswordNeededOne"], cancellationToken) is { } refused)
        {
            ConfirmHandle = target.Handle;
            return refused;
        }

        await sessions.RevokeAsync(UserId, target, cancellationToken);
        Sessions = [.. Sessions.Where(s => s != target)];
        return Answer(text["Sessions.SignedOutDevice", target.Info.Device ?? string.Empty], StatusCodes.Status200OK);
    }

    public async Task<IActionResult> OnPostRevokeOthersAsync(string? password, CancellationToken cancellationToken)
    {
        // Nothing is listed unless the answer shows the list: the revocation needs only the index.
        ReadSession();
        if (await StepUpAsync(password, text["Sessions.PasswordNeeded"], cancellationToken) is { } refused)
        {
            Sessions = await sessions.ListAsync(HttpContext, cancellationToken);
            return refused;
        }

        int revoked = await sessions.RevokeOthersAsync(UserId, CurrentSessionId, cancellationToken);
        var current = HttpContext.BridgeSession();
        Sessions = [new ActiveSession(current.Id, current.Info!)];
        return Answer(revoked == 1 ? text["Sessions.SignedOutOne"] : text["Sessions.SignedOutMany", revoked], StatusCodes.Status200OK);
    }

    /// <summary>
    /// Null when the guarded action may go ahead (inside the window, or the right password within the limits);
    /// otherwise the refusal to answer, having changed nothing: 422 without the right password, 429 with Retry-After
    /// when the limits are spent (the password is then not even checked). The caller fills <see cref="Sessions"/> for
    /// the refusal.
    /// </summary>
    private async Task<IActionResult?> StepUpAsync(string? password, string passwordNeeded, CancellationToken cancellationToken)
    {
        if (!NeedsPassword)
        {
            return null;
        }

        if (string.IsNullOrEmpty(password))
        {
            return Answer(passwordNeeded, StatusCodes.Status422UnprocessableEntity);
        }

        string ip = HttpContext.ClientAddress();
        if (await attempts.TryAttemptAsync(ip, Email, cancellationToken) is { } retryAfter)
        {
            LogStepUpThrottled(logger, UserId, ip);
            telemetry.LimitRejected(SessionBridgeTelemetry.Limits.StepUp);
            Response.SetRetryAfter(retryAfter);
            return Answer(text["Sessions.TooManyAttempts"], StatusCodes.Status429TooManyRequests);
        }

        if (users.Verify(Email, password) is null)
        {
            LogStepUpFailed(logger, UserId);
            return Answer(passwordNeeded, StatusCodes.Status422UnprocessableEntity);
        }

        return null;
    }

    private void ReadSession()
    {
        var session = HttpContext.BridgeSession();
        CurrentSessionId = session.Id;
        NeedsPassword = session.Info?.SignedInAt is not { } signedInAt || time.GetUtcNow() - signedInAt > options.Value.StepUpWindow;
    }

    /// <summary>The sessions region (htmx) or the page with <see cref="Sessions"/> as they are now; a success without htmx goes back to the page instead.</summary>
    private IActionResult Answer(string message, int status)
    {
        bool failed = status != StatusCodes.Status200OK;
        if (!Request.IsHtmx() && !failed)
        {
            return HtmxResults.RedirectFor(HttpContext, "/account");
        }

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

    [LoggerMessage(42, LogLevel.Warning, "Password re-check for user {UserId} throttled from {Ip} (too many password tries)")]
    private static partial void LogStepUpThrottled(ILogger logger, string userId, string ip);

    [LoggerMessage(43, LogLevel.Information, "Password re-check for user {UserId} refused: password incorrect")]
    private static partial void LogStepUpFailed(ILogger logger, string userId);
}
