using System.ComponentModel.DataAnnotations;
using Htmx;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using SessionBridge.Authentication;
using SessionBridge.Sessions;
using SessionBridge.Telemetry;
using SessionBridge.Web.Localization;
using SessionBridge.Web.Users;

namespace SessionBridge.Web.Pages.Login;

/// <summary>
/// GET/POST /login. A successful login signs in with the SessionBridge scheme, which writes the handoff into TempData
/// and sends the browser to /account (the scheme's landing), where the session is signed in; this response renders
/// nothing that reads TempData, so the handoff leaves intact.
/// </summary>
[AllowAnonymous]
[AllowEndedSession]
public sealed partial class IndexModel(UserDirectory users, LoginAttempts attempts, SessionBridgeTelemetry telemetry, IStringLocalizer<Strings> text, ILogger<IndexModel> logger) : PageModel
{
    // Model binding would turn an empty field into null, whatever the property's type says.
    [BindProperty]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string Email { get; set; } = string.Empty;

    [BindProperty]
    [DisplayFormat(ConvertEmptyStringToNull = false)]
    public string Password { get; set; } = string.Empty;

    [BindProperty]
    public bool RememberMe { get; set; }

    public string? Error { get; private set; }

    public string? Notice { get; private set; }

    public IActionResult OnGet(string? reason)
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            return HtmxResults.RedirectFor(HttpContext, "/account");
        }

        Notice = RefusalReasons.FromQueryValue(reason) switch
        {
            RefusalReason.SignInRequired => text["Login.Notice.SignInRequired"].Value,
            RefusalReason.SessionEnded => text["Login.Notice.SessionEnded"].Value,
            RefusalReason.UserDisabled => text["Login.Notice.UserDisabled"].Value,
            RefusalReason.SignedOut => text["Login.Notice.SignedOut"].Value,
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        string ip = HttpContext.ClientAddress();
        if (await attempts.TryAttemptAsync(ip, Email, cancellationToken) is { } retryAfter)
        {
            LogThrottled(logger, ip);
            telemetry.LimitRejected(SessionBridgeTelemetry.Limits.Login);
            Response.SetRetryAfter(retryAfter);
            return Refuse(text["Login.TooManyAttempts"], StatusCodes.Status429TooManyRequests);
        }

        var account = string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password) ? null : users.Verify(Email, Password);
        if (account is null)
        {
            LogLoginFailed(logger);
            return Refuse(text["Login.WrongCredentials"], StatusCodes.Status422UnprocessableEntity);
        }

        // The scheme answers (HX-Redirect, or 303 without JavaScript) and saves the handoff with this page's TempData.
        await HttpContext.SignInAsync(
            SessionBridgeAuthenticationDefaults.AuthenticationScheme,
            UserDirectory.Principal(account),
            new AuthenticationProperties { IsPersistent = RememberMe });
        return new EmptyResult();
    }

    private IActionResult Refuse(string error, int status)
    {
        Error = error;
        Password = string.Empty;
        ModelState.Clear();
        Response.StatusCode = status;
        return Request.IsHtmx() ? Partial("_LoginForm", this) : Page();
    }

    [LoggerMessage(41, LogLevel.Warning, "Login attempts from {Ip} throttled (too many for the email or the address)")]
    private static partial void LogThrottled(ILogger logger, string ip);

    // The email is left out of the log line: it may be a password typed into the wrong field.
    [LoggerMessage(40, LogLevel.Information, "Login refused: email or password incorrect")]
    private static partial void LogLoginFailed(ILogger logger);
}
