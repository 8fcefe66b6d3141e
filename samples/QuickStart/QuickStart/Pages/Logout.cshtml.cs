using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionBridge.Authentication;

namespace QuickStart.Pages;

/// <summary>POST /logout: ends the session in the store and tells its other tabs.</summary>
[Authorize]
public sealed class LogoutModel : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(SessionBridgeAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/");
    }
}
