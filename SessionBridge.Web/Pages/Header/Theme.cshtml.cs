using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SessionBridge.Web.Pages.Header;

/// <summary>GET /header/theme: the theme switch fragment, refreshed by the page when the session changes.</summary>
[AllowAnonymous]
public sealed class ThemeModel : PageModel
{
    /// <summary>The switch's id, which the theme key names as a fragment that shows it.</summary>
    public const string SwitchId = "theme-switch";

    /// <summary>The view data entry that marks the switch hx-swap-oob, for a save's answer to carry it.</summary>
    public const string OutOfBandKey = "ThemeSwitchOutOfBand";

    public IActionResult OnGet() => Partial("_ThemeSwitch");
}
