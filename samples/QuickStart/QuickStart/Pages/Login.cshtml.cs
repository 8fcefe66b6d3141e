using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SessionBridge.Authentication;

namespace QuickStart.Pages;

/// <summary>
/// GET/POST /login. A right password signs in with the SessionBridge scheme: it hands the login to /private (HX-Redirect
/// for htmx, 303 without JavaScript), where the session is signed in.
/// </summary>
[AllowAnonymous]
public sealed class LoginModel(DemoUsers users) : PageModel
{
    public string Email { get; private set; } = string.Empty;

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync(string? email, string? password, bool remember)
    {
        Email = email ?? string.Empty;
        if (users.Verify(Email, password ?? string.Empty) is not { } user)
        {
            Error = "Wrong email or password.";
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Request.Headers.ContainsKey("HX-Request") ? Partial("_LoginForm", this) : Page();
        }

        await HttpContext.SignInAsync(SessionBridgeAuthenticationDefaults.AuthenticationScheme, user, new AuthenticationProperties { IsPersistent = remember });
        return new EmptyResult();
    }
}
