using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SessionBridge.Web.Pages.Header;

/// <summary>GET /header/greeting: the greeting fragment, refreshed by the page when the session changes.</summary>
public sealed class GreetingModel : PageModel
{
    public IActionResult OnGet() => Partial("_Greeting");
}
