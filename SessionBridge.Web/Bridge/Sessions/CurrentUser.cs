using SessionBridge.Web.Bridge.Store;

namespace SessionBridge.Web.Bridge.Sessions;

/// <summary>The request's session and the user behind it, resolved once by the middleware and shared by the request.</summary>
public sealed class SessionContextFeature(BridgeSession session)
{
    public BridgeSession Session { get; } = session;

    public SessionUser? User { get; set; }

    /// <summary>The well-formed session cookie the request came with, whether or not its session still exists.</summary>
    public PresentedToken? Presented { get; init; }
}

public static class SessionContextExtensions
{
    public static SessionContextFeature SessionContext(this HttpContext context) =>
        context.Features.Get<SessionContextFeature>()
        ?? throw new InvalidOperationException("The SessionBridge middleware did not run for this request: call app.UseSessionBridge() after UseRouting().");

    public static BridgeSession BridgeSession(this HttpContext context) => context.SessionContext().Session;

    public static SessionUser? CurrentUser(this HttpContext context) => context.Features.Get<SessionContextFeature>()?.User;
}
