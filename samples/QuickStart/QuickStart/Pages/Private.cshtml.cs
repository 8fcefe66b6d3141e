using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionBridge.Handoff;

namespace QuickStart.Pages;

/// <summary>GET /private: for signed-in users only, and where a sign-in lands.</summary>
[Authorize]
[HandoffLanding]
public sealed class PrivateModel : PageModel;
