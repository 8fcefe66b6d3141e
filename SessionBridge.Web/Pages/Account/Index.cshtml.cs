using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionBridge.Web.Bridge.Handoff;
using SessionBridge.Web.Bridge.Sessions;
using SessionBridge.Web.Bridge.Store;

namespace SessionBridge.Web.Pages.Account;

/// <summary>
/// GET /account: where a login handoff lands. Consuming it rotates the session id and signs the new session in; the
/// welcome is shown by the request that consumed the handoff, so it appears exactly once and no other request (a
/// parallel fragment refresh, say) can take it.
/// </summary>
[RequireSignedIn]
public sealed class IndexModel(LoginHandoff handoff, UserSessions sessions, ISessionUsers users) : PageModel, IHandoffLanding
{
    public SessionUser SignedIn { get; private set; } = null!;

    public bool Welcome { get; private set; }

    public IReadOnlyList<ActiveSession> Sessions { get; private set; } = [];

    public string CurrentSessionId { get; private set; } = string.Empty;

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

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        SignedIn = HttpContext.CurrentUser()!;
        CurrentSessionId = HttpContext.BridgeSession().Id;
        Sessions = await sessions.ListAsync(SignedIn.Id, cancellationToken);
    }

    public static string Ago(SessionInfo info, DateTimeOffset now) => (now - info.LastSeenAt) switch
    {
        { TotalMinutes: < 1 } => "just now",
        { TotalHours: < 1 } span => $"{(int)span.TotalMinutes} min ago",
        { TotalDays: < 1 } span => $"{(int)span.TotalHours} h ago",
        var span => $"{(int)span.TotalDays} days ago",
    };
}
