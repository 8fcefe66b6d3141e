using Htmx;
using Microsoft.Extensions.Options;
using SessionBridge.Telemetry;

namespace SessionBridge.Sessions;

/// <summary>
/// How a refused request is answered. htmx follows a 3xx silently and would swap the login page into a fragment, so
/// htmx requests get <c>HX-Redirect</c>; full requests get 303 to the login page (the app's, from
/// <see cref="SessionBridgeOptions.LoginPath"/>, with the reason); an event stream just ends.
/// </summary>
public sealed class SessionRefusal(IOptions<SessionBridgeOptions> options, SessionBridgeTelemetry telemetry)
{
    public string LoginUrl(RefusalReason reason) => options.Value.LoginPath + "?reason=" + reason.ToQueryValue();

    internal void Write(HttpContext context, RefusalReason reason)
    {
        Count(reason);
        string url = LoginUrl(reason);
        if (context.Request.IsHtmx())
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.Htmx(h => h.Redirect(url));
        }
        else if (IsEventStream(context.Request))
        {
            // Nothing to stream. Open tabs are sent on by the "signed-out" event, which closes their EventSource.
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
        else
        {
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = url;
        }
    }

    /// <summary>Counts a refusal answered elsewhere (the live channel's check).</summary>
    internal void Count(RefusalReason reason) => telemetry.GateRefused(reason switch
    {
        RefusalReason.SignInRequired => SessionBridgeTelemetry.GateReasons.SignInRequired,
        RefusalReason.UserDisabled => SessionBridgeTelemetry.GateReasons.UserDisabled,
        _ => SessionBridgeTelemetry.GateReasons.SessionEnded,
    });

    public static bool IsEventStream(HttpRequest request) =>
        request.Headers.Accept.Any(value => value?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);
}
