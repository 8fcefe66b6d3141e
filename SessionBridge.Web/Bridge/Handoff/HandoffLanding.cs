using Microsoft.AspNetCore.Mvc.ViewFeatures;
using SessionBridge.Web.Bridge.Sessions;

namespace SessionBridge.Web.Bridge.Handoff;

/// <summary>
/// Where a login handoff becomes a signed-in session: the handoff is read from TempData (which marks it deleted, so
/// its cookie is cleared with this response whatever happens), checked and used up, and the session it was bound to
/// is rotated to a new id for the user. The request that does this is the one that shows the welcome, exactly once.
/// </summary>
public sealed class HandoffLanding(LoginHandoff handoff, ISessionUsers users, UserSessions sessions, ITempDataDictionaryFactory tempData)
{
    public async Task LandAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var feature = context.SessionContext();
        var result = await handoff.ConsumeAsync(tempData.GetTempData(context)[LoginHandoff.TempDataKey] as string, feature.Session, cancellationToken);
        if (result.Outcome == HandoffOutcome.Accepted
            && await users.FindAsync(result.UserId!, cancellationToken) is { } user
            && await sessions.SignInAsync(context, user, result.RememberMe, cancellationToken))
        {
            feature.JustSignedIn = true;
        }
    }
}
