using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SessionBridge.Web.Pages.Header;

/// <summary>GET /header/theme: the theme switch fragment, refreshed by the page when the session changes.</summary>
[AllowAnonymous]
public sealed class ThemeModel : PageModel
{
    public IActionResult OnGet() => Partial("_ThemeSwitch");
}
