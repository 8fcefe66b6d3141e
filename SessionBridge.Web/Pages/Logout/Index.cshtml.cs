using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionBridge.Web.Bridge.Htmx;
using SessionBridge.Web.Bridge.Sessions;

namespace SessionBridge.Web.Pages.Logout;

/// <summary>POST /logout: ends the session in the store, not just the cookie.</summary>
[RequireSignedIn]
public sealed class IndexModel(UserSessions sessions) : PageModel
{
    public IActionResult OnGet() => StatusCode(StatusCodes.Status405MethodNotAllowed);

    public async Task<IActionResult> OnPostAsync(string? tab, CancellationToken cancellationToken)
    {
        await sessions.SignOutAsync(HttpContext, tab, cancellationToken);
        return HtmxResults.RedirectFor(HttpContext, RefusalReason.SignedOut.LoginUrl());
    }
}
