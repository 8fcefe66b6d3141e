using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionBridge.Keys;

namespace QuickStart.Pages;

/// <summary>The public home page. The theme is a session key: saved for visitors and signed-in users alike.</summary>
[AllowAnonymous]
public sealed class IndexModel(SessionDataTable table) : PageModel
{
    public string Theme { get; private set; } = string.Empty;

    public void OnGet() => Theme = table.Value(HttpContext.Session, QuickStartKeys.Theme.Name);

    public async Task<IActionResult> OnPostThemeAsync(string? theme, CancellationToken cancellationToken)
    {
        var save = await table.SaveAsync(HttpContext, QuickStartKeys.Theme.Name, theme, cancellationToken);
        return save.Outcome == SessionSaveOutcome.Saved ? RedirectToPage() : StatusCode(StatusCodes.Status422UnprocessableEntity);
    }
}
