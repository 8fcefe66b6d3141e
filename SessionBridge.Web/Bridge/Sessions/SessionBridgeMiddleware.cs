using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.Options;
using SessionBridge.Web.Bridge.Handoff;
using SessionBridge.Web.Bridge.Store;
using SessionBridge.Web.Bridge.Telemetry;

namespace SessionBridge.Web.Bridge.Sessions;

/// <summary>
/// The one validation point of every page and fragment. It replaces the stock SessionMiddleware, which decrypts its
/// cookie with Data Protection on every request and cannot rotate a session id. A request without a session cookie
/// costs nothing here; one with a cookie costs one hash and one store round trip. The <see cref="SessionGate"/> decides
/// whether the session may be used; this answers the request accordingly before any page code runs: a signed-in
/// session that ended is sent to sign in, a visitor's carries on as a new visitor.
/// </summary>
public sealed class SessionBridgeMiddleware(
    RequestDelegate next,
    BridgeSessionStore sessions,
    SessionGate gate,
    SessionCookie cookie,
    SessionRefusal refusal,
    SessionCreationLimiter creationLimiter,
    SessionBridgeTelemetry telemetry,
    IOptions<SessionOptions> sessionOptions,
    ILogger<SessionBridgeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();

        // An error page re-executed for this request keeps the session the request already loaded and answered; an
        // endpoint that never uses the session (static files, health) does not load it.
        if ((context.Features.Get<IStatusCodeReExecuteFeature>() is not null && context.Features.Get<SessionContextFeature>() is not null)
            || endpoint?.Metadata.GetMetadata<WithoutSessionAttribute>() is not null)
        {
            await next(context);
            return;
        }

        var options = sessionOptions.Value;
        string? presented = context.Request.Cookies[cookie.Name];
        var token = SessionToken.TryRead(presented);
        bool malformed = presented is not null && token is null;
        if (malformed)
        {
            // Not ours: treated as absent, and cleared with this answer.
            logger.MalformedCookie(presented!.Length);
        }

        var session = sessions.CreateSession(token?.Id, options.IOTimeout, ct => creationLimiter.TryAcquireAsync(context, ct));
        var feature = new SessionContextFeature(session) { Presented = token };
        context.Features.Set<ISessionFeature>(new SessionFeature { Session = session });
        context.Features.Set(feature);

        try
        {
            await session.LoadAsync(context.RequestAborted);
            if (!await AdmitAsync(context, feature, endpoint))
            {
                return;
            }

            if (endpoint?.Metadata.GetMetadata<HandoffLandingAttribute>() is not null && HttpMethods.IsGet(context.Request.Method))
            {
                // Resolved here, not injected: only an app with a landing page has TempData (MVC) to land from.
                await context.RequestServices.GetRequiredService<HandoffLanding>().LandAsync(context, context.RequestAborted);
            }
        }
        catch (Exception ex) when (StoreOutage.Is(ex))
        {
            StoreOutage.Answer(context, logger, ex);
            return;
        }

        context.Response.OnStarting(() => CompleteAsync(context, session, presented, malformed));
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted && StoreOutage.Is(ex))
        {
            StoreOutage.Answer(context, logger, ex);
        }
        catch (SessionEndedException) when (!context.Response.HasStarted)
        {
            logger.SessionEnded(SessionToken.LogTag(token?.Id), context.Request.Path);
            refusal.Write(context, RefusalReason.SessionEnded);
        }
        catch (SessionCreationRefusedException) when (!context.Response.HasStarted)
        {
            logger.CreationRefused(context.Request.Path);
            telemetry.LimitRejected(SessionBridgeTelemetry.Limits.NewSession);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "60";
        }
    }

    private async Task<bool> AdmitAsync(HttpContext context, SessionContextFeature feature, Endpoint? endpoint)
    {
        var session = feature.Session;
        if (session.State == SessionState.None)
        {
            return true;
        }

        var decision = await gate.CheckAsync(session.PresentedId!, session.State == SessionState.Active ? session.Info : null, context.RequestAborted);
        if (decision.Outcome == GateOutcome.Admitted)
        {
            feature.User = decision.User;
            return true;
        }

        if (decision.Outcome == GateOutcome.UserGone)
        {
            await session.EndAsync(context.RequestAborted);
        }

        // Only a signed-in session that ended is sent to sign in; a visitor's carries on as a new visitor, and so does
        // any request to a page that serves whoever comes (the login page).
        bool allowsEnded = endpoint?.Metadata.GetMetadata<AllowEndedSessionAttribute>() is not null;
        if (allowsEnded || (decision.Outcome == GateOutcome.Ended && feature.Presented is { SignedIn: false }))
        {
            logger.StartedOver(SessionToken.LogTag(session.PresentedId));
            session.StartOver();
            return true;
        }

        logger.SessionEnded(SessionToken.LogTag(session.PresentedId), context.Request.Path);
        cookie.DeleteStale(context);
        refusal.Write(context, decision.Outcome == GateOutcome.UserGone ? RefusalReason.UserDisabled : RefusalReason.SessionEnded);
        return false;
    }

    private async Task CompleteAsync(HttpContext context, BridgeSession session, string? presented, bool malformed)
    {
        try
        {
            await session.CommitAsync(context.RequestAborted);
        }
        catch (Exception ex) when (ex is SessionStoreUnavailableException or SessionEndedException or SessionCreationRefusedException
            || (ex is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
        {
            // Handlers that save data commit themselves and report failures; what is left here is the throttled
            // expiry refresh, whose loss costs nothing (and nobody is listening when the client has gone).
            logger.RefreshFailed(SessionToken.LogTag(session.PresentedId), ex.GetType().Name);
        }

        cookie.Complete(context, session, presented, malformed);
    }
}
