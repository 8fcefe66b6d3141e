using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;
using SessionBridge.Sessions;
using SessionBridge.Telemetry;
using static SessionBridge.Telemetry.SessionBridgeTelemetry;

namespace SessionBridge.Handoff;

/// <summary>
/// Where a login handoff becomes a signed-in session: the handoff is read from TempData (which marks it deleted, so
/// its cookie is cleared with this response whatever happens) and checked, and the session it was bound to is rotated
/// to a new id for the user, which uses the handoff up. The request that does this is the one that shows the welcome,
/// exactly once.
/// </summary>
internal sealed class HandoffLanding(
    LoginHandoff handoff,
    ISessionUserDirectory users,
    UserSessions sessions,
    ITempDataDictionaryFactory tempData,
    IOptions<CookieTempDataProviderOptions> tempDataCookie,
    SessionBridgeTelemetry telemetry)
{
    public async Task LandAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var feature = context.SessionContext();
        var data = tempData.GetTempData(context);
        if (data[LoginHandoff.TempDataKey] is not string value)
        {
            // The TempData provider deletes its cookie once it is empty, so a cookie that yields nothing did not decrypt:
            // altered, or not ours. Without a cookie this is an ordinary visit, neither a landing nor a refusal.
            if (data.Count == 0 && context.Request.Cookies.ContainsKey(tempDataCookie.Value.Cookie.Name!))
            {
                telemetry.Handoff(HandoffOutcomes.Tampered);
            }

            return;
        }

        using var activity = StartActivity(Spans.HandoffLand);
        try
        {
            var result = handoff.Consume(value, feature.Session);
            string? outcome = result.Outcome == HandoffOutcome.Accepted ? await SignInAsync(context, result, cancellationToken) : Refused(result.Outcome);
            feature.JustSignedIn = outcome == HandoffOutcomes.Landed;
            if (outcome is not null)
            {
                telemetry.Handoff(outcome);
            }

            if (activity is not null)
            {
                activity.SetTag(Attributes.Outcome, outcome);
                if (outcome != HandoffOutcomes.Landed)
                {
                    activity.SetStatus(ActivityStatusCode.Error, outcome ?? "user_gone");
                }
            }
        }
        catch (Exception ex) when (Failed(activity, ex))
        {
            throw;
        }
    }

    /// <summary>Landed; replayed when another request of the same handoff rotated the session first; null when its user is gone.</summary>
    private async Task<string?> SignInAsync(HttpContext context, HandoffResult result, CancellationToken cancellationToken)
    {
        if (await users.FindAsync(result.UserId!, cancellationToken) is not { } claims)
        {
            return null;
        }

        return await sessions.SignInAsync(context, new SignedInUser(result.UserId!, claims), result.RememberMe, cancellationToken)
            ? HandoffOutcomes.Landed
            : HandoffOutcomes.Replayed;
    }

    private static string Refused(HandoffOutcome outcome) => outcome switch
    {
        HandoffOutcome.Expired => HandoffOutcomes.Expired,
        HandoffOutcome.WrongBrowser => HandoffOutcomes.Foreign,

        // Malformed: altered, or not a handoff of ours (a payload of an unknown format version among them).
        _ => HandoffOutcomes.Tampered,
    };
}
