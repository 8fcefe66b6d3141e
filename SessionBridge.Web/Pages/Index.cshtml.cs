using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SessionBridge.Web.Pages;

/// <summary>GET /: the home page; the greeting and theme come from the layout.</summary>
[AllowAnonymous]
public sealed class IndexModel : PageModel;
