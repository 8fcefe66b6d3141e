using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.Options;
using SessionBridge.Handoff;
using SessionBridge.Store;
using SessionBridge.Telemetry;

namespace SessionBridge.Sessions;

/// <summary>
/// The one validation point of every page and fragment. It replaces the stock SessionMiddleware, which decrypts its
/// cookie with Data Protection on every request and cannot rotate a session id. A request without a session cookie
/// costs nothing here; one with a cookie costs one hash and one store round trip. The <see cref="SessionGate"/> decides
/// whether the session may be used; this answers the request accordingly before any page code runs: a signed-in
/// session that ended is sent to sign in, a visitor's carries on as a new visitor. Every answer that goes through here
/// says no-store, and what the request wrote to the session is committed however the request ends.
/// </summary>
internal sealed class SessionBridgeMiddleware(
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
    private const string NoStore = "no-cache,no-store";
    private const string NoCache = "no-cache";

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

        // From here every answer may show what the session holds, or set or clear its cookie, whatever it turns out
        // to be (a page, a fragment, a refusal, an error page, a 503): registered first, so it covers them all.
        bool admitted = false;
        context.Response.OnStarting(() => StartingAsync(context, session, presented, malformed, admitted));

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

        admitted = true;
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
        catch (SessionCreationRefusedException ex) when (!context.Response.HasStarted)
        {
            logger.CreationRefused(context.Request.Path);
            telemetry.LimitRejected(SessionBridgeTelemetry.Limits.NewSession);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;

            // Whole seconds, never 0: the window may be about to close.
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(ex.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        finally
        {
            await CommitLateWritesAsync(session);
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
            // The gate has ended it everywhere already (store, index, open tabs): forgotten here, not deleted twice.
            session.Forget();
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

    private Task StartingAsync(HttpContext context, BridgeSession session, string? presented, bool malformed, bool admitted)
    {
        // What the stock SessionMiddleware sends with a new session's cookie, here on every answer that went through
        // the session: no shared or browser cache may keep a personal answer. No "Vary: Cookie": nothing is stored to
        // vary, and answers that never touch the session (static files, health) have no reason to vary on it.
        var headers = context.Response.Headers;
        headers.CacheControl = NoStore;
        headers.Pragma = NoCache;
        session.ResponseStarted();
        return admitted ? CompleteAsync(context, session, presented, malformed) : Task.CompletedTask;
    }

    private async Task CompleteAsync(HttpContext context, BridgeSession session, string? presented, bool malformed)
    {
        // Not RequestAborted: what the handler wrote is kept even when the client has gone (as the stock session
        // does); the session's IOTimeout bounds the wait instead.
        bool writes = session.HasPendingWrites;
        try
        {
            await session.CommitAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is SessionStoreUnavailableException or SessionEndedException or SessionCreationRefusedException)
        {
            LogNotCommitted(session, writes, ex);
        }

        cookie.Complete(context, session, presented, malformed);
    }

    /// <summary>
    /// Writes the commit above could not include: values set after the response started (a handler that streams, a
    /// filter after the body), or all of them when the response never started because the client went away (the
    /// server then skips OnStarting). Committed here, after next() returns, rather than in OnCompleted: the response
    /// is not complete until this returns, so a client that reads it to the end and asks again reads its own writes.
    /// A session not stored yet has nothing here: once the response started, Set refuses it; and a client that went
    /// away before any answer can never present the cookie of a session created now.
    /// </summary>
    private async Task CommitLateWritesAsync(BridgeSession session)
    {
        if (session.State != SessionState.Active || !session.HasPendingWrites)
        {
            return;
        }

        try
        {
            await session.CommitAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is SessionStoreUnavailableException or SessionEndedException)
        {
            LogNotCommitted(session, writes: true, ex);
        }
    }

    private void LogNotCommitted(BridgeSession session, bool writes, Exception ex)
    {
        // Handlers that must know commit themselves (the data table does, and reports a failure to the user); what
        // is left here is logged: an app's writes as an error, a lost expiry refresh (which costs nothing) as a warning.
        if (writes)
        {
            logger.WritesNotCommitted(SessionToken.LogTag(session.PresentedId), ex.GetType().Name);
        }
        else
        {
            logger.RefreshFailed(SessionToken.LogTag(session.PresentedId), ex.GetType().Name);
        }
    }
}
