using Htmx;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.Options;
using SessionBridge.Web.Bridge.Store;

namespace SessionBridge.Web.Bridge.Sessions;

/// <summary>
/// The one validation point of every page, fragment and event stream. It replaces the stock SessionMiddleware,
/// which decrypts its cookie with Data Protection on every request and cannot rotate a session id. A request without
/// a session cookie costs nothing here; one with a cookie costs one hash and one store round trip. A cookie naming a
/// session the store no longer has, or a user who is gone or disabled, is refused before any page code runs.
/// </summary>
public sealed partial class SessionBridgeMiddleware(
    RequestDelegate next,
    ISessionStore sessions,
    ISessionRecordStore store,
    ISessionUsers users,
    SessionLifetimes lifetimes,
    SessionCreationLimiter creationLimiter,
    IOptions<SessionOptions> sessionOptions,
    ILogger<SessionBridgeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // An error page re-executed for this request keeps the session the request already loaded and answered.
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null && context.Features.Get<SessionContextFeature>() is not null)
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (!context.Response.HasStarted && IsStoreUnavailable(ex))
            {
                // The error page needs what is down too: its layout's antiforgery token needs the Data Protection key
                // ring, which lives in Redis and is not loaded yet when Redis was down from start-up. Answer bare.
                await WriteBareUnavailableAsync(context);
            }

            return;
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<WithoutSessionAttribute>() is not null)
        {
            await next(context);
            return;
        }

        var options = sessionOptions.Value;
        string? presented = context.Request.Cookies[options.Cookie.Name!];
        var token = SessionToken.TryRead(presented);
        if (presented is not null && token is null)
        {
            // Not ours: treated as absent, and cleared with this answer (see CompleteAsync).
            LogMalformedCookie(logger, presented.Length);
        }

        string? presentedId = token?.Id;
        var session = (BridgeSession)sessions.Create(presentedId ?? string.Empty, options.IdleTimeout, options.IOTimeout, () => creationLimiter.TryAcquire(context), presentedId is null);
        var feature = new SessionContextFeature(session) { Presented = token };
        context.Features.Set<ISessionFeature>(new SessionFeature { Session = session });
        context.Features.Set(feature);

        try
        {
            await session.LoadAsync(context.RequestAborted);
            if (!await ValidateAsync(context, feature))
            {
                return;
            }
        }
        catch (Exception ex) when (IsStoreUnavailable(ex))
        {
            Unavailable(context, ex);
            return;
        }

        bool malformed = presented is not null && token is null;
        context.Response.OnStarting(() => CompleteAsync(context, session, presented, malformed));
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted && IsStoreUnavailable(ex))
        {
            Unavailable(context, ex);
        }
        catch (SessionEndedException) when (!context.Response.HasStarted)
        {
            LogSessionEnded(logger, SessionToken.LogTag(presentedId), context.Request.Path);
            SessionRefusal.Write(context, RefusalReason.SessionEnded);
        }
        catch (SessionCreationRefusedException) when (!context.Response.HasStarted)
        {
            LogCreationRefused(logger, context.Request.Path);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "60";
        }
    }

    private async Task<bool> ValidateAsync(HttpContext context, SessionContextFeature feature)
    {
        var token = feature.Presented;
        var session = feature.Session;
        bool allowsEnded = context.GetEndpoint()?.Metadata.GetMetadata<AllowEndedSessionAttribute>() is not null;
        if (session.State == SessionState.Ended)
        {
            // Only a signed-in session that ended is sent to sign in; a visitor carries on as a new visitor.
            if (allowsEnded || token is { SignedIn: false })
            {
                LogStartedOver(logger, SessionToken.LogTag(session.PresentedId));
                session.StartOver();
                return true;
            }

            LogSessionEnded(logger, SessionToken.LogTag(session.PresentedId), context.Request.Path);
            DeleteStaleCookie(context);
            SessionRefusal.Write(context, RefusalReason.SessionEnded);
            return false;
        }

        if (session.Info?.UserId is not { } userId)
        {
            return true;
        }

        feature.User = await users.FindAsync(userId, context.RequestAborted);
        if (feature.User is not null)
        {
            return true;
        }

        LogUserRefused(logger, SessionToken.LogTag(session.PresentedId));
        await session.EndAsync(context.RequestAborted);
        if (allowsEnded)
        {
            session.StartOver();
            return true;
        }

        DeleteStaleCookie(context);
        SessionRefusal.Write(context, RefusalReason.UserDisabled);
        return false;
    }

    private async Task CompleteAsync(HttpContext context, BridgeSession session, string? presentedToken, bool malformed)
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
            LogRefreshFailed(logger, SessionToken.LogTag(session.PresentedId), ex.GetType().Name);
        }

        string? token = session.NewToken ?? presentedToken;
        if (session.State == SessionState.Active && token is not null && (session.CookieDue || session.NewToken is not null))
        {
            var options = sessionOptions.Value.Cookie.Build(context);
            if (session.Info!.Persistent)
            {
                options.MaxAge = lifetimes.RememberMe;
            }

            context.Response.Cookies.Append(sessionOptions.Value.Cookie.Name!, token, options);
        }
        else if (session.EndedHere)
        {
            DeleteCookie(context);
        }
        else if (malformed)
        {
            // A cookie we never issued cannot belong to another tab's newer session: clear it whatever the request.
            DeleteCookie(context);
        }
        else if (session.State != SessionState.Active && presentedToken is not null)
        {
            DeleteStaleCookie(context);
        }
    }

    private void DeleteCookie(HttpContext context) =>
        context.Response.Cookies.Delete(sessionOptions.Value.Cookie.Name!, sessionOptions.Value.Cookie.Build(context));

    // Tabs share one cookie jar: a fragment or stream request sent with an old cookie may be answered after another
    // tab signed in, and deleting "the" cookie then would delete the new one. Only a full navigation clears it.
    private void DeleteStaleCookie(HttpContext context)
    {
        if (!context.Request.IsHtmx() && !SessionRefusal.IsEventStream(context.Request))
        {
            DeleteCookie(context);
        }
    }

    // Not only our own exception: with Redis down, Data Protection's key ring (antiforgery tokens, TempData) and
    // RedisCache (the login handoff) throw StackExchange.Redis exceptions of their own, which are the same outage.
    private static bool IsStoreUnavailable(Exception ex) => ex is SessionStoreUnavailableException || RedisFailure.IsRedisFailure(ex);

    private void Unavailable(HttpContext context, Exception ex)
    {
        LogStoreUnavailable(logger, store.Kind, context.Request.Path, ex);
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
    }

    private static Task WriteBareUnavailableAsync(HttpContext context)
    {
        const string Message = SessionStoreUnavailableException.UserMessage;
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        context.Response.ContentType = "text/html; charset=utf-8";
        if (context.Request.IsHtmx())
        {
            context.Response.Htmx(h => h.Retarget("#alerts").Reswap("innerHTML"));
            return context.Response.WriteAsync($"<p class=\"alert\" role=\"alert\">{Message}</p>");
        }

        return context.Response.WriteAsync(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error 503 · SessionBridge</title></head>"
            + $"<body><main><h1>Error 503</h1><p class=\"alert\" role=\"alert\">{Message}</p><p><a href=\"/\">Back to the start page</a></p></main></body></html>");
    }

    [LoggerMessage(1, LogLevel.Warning, "Session cookie ({Length} characters) is not a token SessionBridge issued; treated as absent and cleared")]
    private static partial void LogMalformedCookie(ILogger logger, int length);

    [LoggerMessage(2, LogLevel.Information, "Session {SessionTag} has ended (expired, revoked or signed out); refused {Path}")]
    private static partial void LogSessionEnded(ILogger logger, string sessionTag, PathString path);

    [LoggerMessage(3, LogLevel.Warning, "Session {SessionTag} belongs to a user who is gone or disabled; session ended")]
    private static partial void LogUserRefused(ILogger logger, string sessionTag);

    [LoggerMessage(4, LogLevel.Error, "Session store ({StoreKind}) unavailable for {Path}; answered 503")]
    private static partial void LogStoreUnavailable(ILogger logger, string storeKind, PathString path, Exception exception);

    [LoggerMessage(5, LogLevel.Warning, "Session {SessionTag}: expiry refresh not written ({Reason})")]
    private static partial void LogRefreshFailed(ILogger logger, string sessionTag, string reason);

    [LoggerMessage(6, LogLevel.Information, "Session {SessionTag} has ended; the request carries on as a new visitor")]
    private static partial void LogStartedOver(ILogger logger, string sessionTag);

    [LoggerMessage(7, LogLevel.Warning, "New session refused for {Path}: this client created too many sessions lately; answered 429")]
    private static partial void LogCreationRefused(ILogger logger, PathString path);
}
