using SessionBridge.Store;

namespace SessionBridge.Sessions;

public static class SessionContextExtensions
{
    public static SessionContextFeature SessionContext(this HttpContext context) =>
        context.Features.Get<SessionContextFeature>()
        ?? throw new InvalidOperationException("The SessionBridge middleware did not run for this request: call app.UseSessionBridge() after UseRouting().");

    public static BridgeSession BridgeSession(this HttpContext context) => context.SessionContext().Session;
}
