using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionBridge.Authentication;
using SessionBridge.Sessions;

namespace SessionBridge.Web.Pages.Logout;

/// <summary>
/// POST /logout: ends the session in the store, not just the cookie, and tells its other tabs (the scheme does). Only
/// for a signed-in session (the app's fallback policy); other methods get 405 (PageMethods).
/// </summary>
public sealed class IndexModel(SessionRefusal refusal) : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(
            SessionBridgeAuthenticationDefaults.AuthenticationScheme,
            new AuthenticationProperties { RedirectUri = refusal.LoginUrl(RefusalReason.SignedOut) });
        return new EmptyResult();
    }
}
