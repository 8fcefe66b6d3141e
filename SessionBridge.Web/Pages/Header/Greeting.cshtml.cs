using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SessionBridge.Keys;
using SessionBridge.Web.Hosting;
using SessionBridge.Web.Localization;

namespace SessionBridge.Web.Pages.Header;

/// <summary>GET /header/greeting: the greeting fragment, refreshed by the page when the session changes.</summary>
[AllowAnonymous]
public sealed class GreetingModel(SessionDataTable table, IStringLocalizer<Strings> text) : PageModel
{
    public IActionResult OnGet() => GreetingParagraph.For(HttpContext, table, text).ToAnswer(HttpContext);
}
