using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SessionBridge.Web.Pages.Header;

/// <summary>GET /header/theme: the theme switch fragment, which a visitor's tab asks for when another of its tabs, before it had a stream, changed the theme.</summary>
[AllowAnonymous]
public sealed class ThemeModel : PageModel
{
    /// <summary>The switch's id, which the theme key names as a fragment that shows it.</summary>
    public const string SwitchId = "theme-switch";

    public IActionResult OnGet() => Partial("_ThemeSwitch");
}
