using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionBridge.Sessions;

namespace SessionBridge.Web.Pages.Logout;

/// <summary>POST /logout: ends the session in the store, not just the cookie. Other methods get 405 (PageMethods).</summary>
[RequireSignedIn]
public sealed class IndexModel(UserSessions sessions, SessionRefusal refusal) : PageModel
{
    public async Task<IActionResult> OnPostAsync(string? tab, CancellationToken cancellationToken)
    {
        await sessions.SignOutAsync(HttpContext, tab, cancellationToken);
        return HtmxResults.RedirectFor(HttpContext, refusal.LoginUrl(RefusalReason.SignedOut));
    }
}
