using System.Text;
using Htmx;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using SessionBridge.Keys;
using SessionBridge.Sessions;
using SessionBridge.Store;
using SessionBridge.Telemetry;

namespace SessionBridge.Events;

/// <summary>
/// GET /events: the server-sent-events stream of this session, for htmx-ext-sse. It checks the session when it opens,
/// before every event and at every heartbeat, so a revoked or expired session's tabs get "signed-out" and the stream
/// ends. The page closes its EventSource on "signed-out" (sse-close) and asks GET /events/check what to do: all tabs
/// share one cookie jar, so by then the browser may hold no session (signed out in another tab: go to /login) or a
/// newer one (signed in from another tab: reload onto it).
/// </summary>
public static class SessionEventsEndpoint
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    private static readonly string SignedOutEvent = $"event: {LiveChannel.SignedOut}\ndata: \n\n";

    /// <summary>Maps the stream and its check route where <see cref="SessionBridgeOptions.EventsPath"/> says.</summary>
    public static void MapSessionEvents(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<SessionBridgeOptions>>().Value;
        // Both serve visitors' tabs as well as signed-in ones, and check the session themselves.
        app.MapGet(options.EventsPath, StreamAsync).AllowAnonymous();
        app.MapGet(options.EventsCheckPath, Check).WithMetadata(new AllowEndedSessionAttribute()).AllowAnonymous();
    }

    private static void Check(HttpContext context, SessionRefusal refusal)
    {
        // A visitor's tab whose session ended reloads as a new visitor; only a signed-in one is sent to sign in.
        var session = context.SessionContext();
        if (session.Session.State == SessionState.Active || session.Presented is { SignedIn: false })
        {
            context.Response.Htmx(h => h.Refresh());
        }
        else
        {
            refusal.Count(RefusalReason.SessionEnded);
            context.Response.Htmx(h => h.Redirect(refusal.LoginUrl(RefusalReason.SessionEnded)));
        }
    }

    private static async Task StreamAsync(
        HttpContext context,
        SessionEventHub hub,
        ISessionRecordStore store,
        SessionGate gate,
        SessionKeyRegistry registry,
        TimeProvider time,
        SessionBridgeTelemetry telemetry,
        IHostApplicationLifetime lifetime,
        ILogger<SessionEventHub> logger)
    {
        var session = context.BridgeSession();
        if (session.State != SessionState.Active)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        string sessionId = session.Id;
        string? tab = context.Request.Query[LiveChannel.TabQuery];
        var renderer = context.RequestServices.GetService<ISessionChangeRenderer>();
        var view = renderer is null ? null : new TabView(renderer, session, PageOf(context));
        if (renderer is not null)
        {
            // What is rendered for the tab may hold forms, whose request tokens must match the antiforgery cookie:
            // stored now, while a cookie can still be set. A form rendered later gets the same tokens and sets nothing.
            context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
        }

        // A stopping node ends its streams at once rather than holding the shutdown until its timeout: the tabs
        // reconnect, to another node behind the load balancer.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var aborted = ending.Token;

        // Listening starts before ": connected" is written: a tab that has read it gets every event announced after.
        await using var subscription = await hub.SubscribeAsync(sessionId, aborted);
        using var open = telemetry.CountStream();

        // The beat is fixed from here, not restarted by events, and starts before the client can read ": connected":
        // a tab (or a test moving the clock) that has read the first line knows the next beat is already scheduled.
        using var heartbeat = new PeriodicTimer(HeartbeatInterval, time);
        Task<bool>? beat = null;
        Task<bool>? next = null;

        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await WriteAsync(context, ": connected\n\n");
        logger.Opened(SessionToken.LogTag(sessionId));

        try
        {
            while (!aborted.IsCancellationRequested)
            {
                beat ??= heartbeat.WaitForNextTickAsync(aborted).AsTask();
                next ??= subscription.Events.WaitToReadAsync(aborted).AsTask();
                await Task.WhenAny(next, beat);

                bool beaten = beat.IsCompleted;
                List<SessionEvent> pending = [];
                if (beaten)
                {
                    await beat;
                    beat = null;
                }

                if (next.IsCompleted)
                {
                    await next;
                    next = null;

                    // What this tab did itself it knows already: it is neither sent nor a reason to check the session.
                    pending = ForThisTab(subscription, tab);
                }

                if (!beaten && pending.Count == 0)
                {
                    continue;
                }

                if (await ActiveRecordAsync(store, gate, telemetry, sessionId, aborted) is not { } record)
                {
                    await WriteAsync(context, SignedOutEvent);
                    break;
                }

                if (pending.Count == 0)
                {
                    await WriteAsync(context, ": heartbeat\n\n");
                }
                else if (!await SendAsync(context, pending, registry, record, view, aborted))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The tab went away: the subscription is disposed below.
        }
        catch (SessionStoreUnavailableException ex)
        {
            // The client reconnects with backoff; the reconnect is answered by the gate (503 while the store is down).
            logger.StoreUnavailable(SessionToken.LogTag(sessionId), RedisFailure.Reason(ex));
        }

        logger.Closed(SessionToken.LogTag(sessionId));
    }

    private static List<SessionEvent> ForThisTab(SessionEventHub.Subscription subscription, string? tab)
    {
        var events = new List<SessionEvent>();
        while (subscription.Events.TryRead(out var sessionEvent))
        {
            if (sessionEvent.OriginTab is null || sessionEvent.OriginTab != tab)
            {
                events.Add(sessionEvent);
            }
        }

        return events;
    }

    /// <summary>
    /// Writes the events; false once a sign-out was sent and the stream must end. Everything sent is read from the
    /// record the session check just loaded (the change or a later one: the latest value is the right one to show).
    /// A key shown on &lt;html&gt; sends its attribute's value, so the tab need not ask for it. What else shows the
    /// key the app renders (<see cref="ISessionChangeRenderer"/>), and the tab swaps it in; an app without a renderer
    /// gets the key's row and fragments, and only them, told to refresh.
    /// </summary>
    private static async Task<bool> SendAsync(HttpContext context, List<SessionEvent> events, SessionKeyRegistry registry, SessionRecord record, TabView? view, CancellationToken cancellationToken)
    {
        view?.Session.Refresh(record);
        foreach (var sessionEvent in events)
        {
            if (sessionEvent.IsSignOut)
            {
                await WriteAsync(context, SignedOutEvent);
                return false;
            }

            var key = registry.Find(sessionEvent.Key!);
            if (key is { Html: not null }
                && LiveChannel.HtmlAttributes(SessionDataTable.DecodeRow(key, record.Values.GetValueOrDefault(key.Name))) is { } html)
            {
                await WriteAsync(context, $"event: {LiveChannel.HtmlChanged}\ndata: {html}\n\n");
            }

            await WriteAsync(context, $"event: {LiveChannel.SessionChanged}\ndata: {sessionEvent.Key}\n\n");
            if (key is null)
            {
                continue;
            }

            if (view is not null)
            {
                string rendered = (await view.Renderer.RenderAsync(context, key, view.Page, cancellationToken)).Trim();
                if (rendered.Length > 0)
                {
                    await WriteAsync(context, DataEvent(LiveChannel.Rendered, rendered));
                }

                continue;
            }

            await WriteAsync(context, $"event: {LiveChannel.KeyChanged(key.Name)}\ndata: {key.Name}\n\n");
            foreach (string fragment in key.Fragments)
            {
                await WriteAsync(context, $"event: {LiveChannel.FragmentChanged(fragment)}\ndata: {key.Name}\n\n");
            }
        }

        return true;
    }

    /// <summary>
    /// An event whose data has several lines: each goes on a "data:" line of its own, and the client joins them with
    /// line feeds. Split at line feeds only (a carriage return, which would also end an SSE line, is dropped): other
    /// line separators are text to the client and stay inside their line.
    /// </summary>
    private static string DataEvent(string name, string data)
    {
        var text = new StringBuilder("event: ").Append(name).Append('\n');
        foreach (string line in data.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n'))
        {
            text.Append("data: ").Append(line).Append('\n');
        }

        return text.Append('\n').ToString();
    }

    /// <summary>
    /// The page the tab named, when it is a local URL; else its site's root, whose layout still shows what every page
    /// shows. Only ever rendered, encoded, into the tab's own page: nothing is sent anywhere on its word.
    /// </summary>
    private static string PageOf(HttpContext context)
    {
        string? page = context.Request.Query[LiveChannel.PageQuery];
        return page is { Length: > 0 and <= 2048 } && page[0] == '/' && (page.Length == 1 || (page[1] != '/' && page[1] != '\\'))
            && !page.Any(char.IsControl)
            ? page
            : "/";
    }

    /// <summary>What the app renders for this tab: its renderer, the session it reads, the page it renders for.</summary>
    private sealed record TabView(ISessionChangeRenderer Renderer, BridgeSession Session, string Page);

    /// <summary>The session's record if it is still active; null once it ended.</summary>
    private static async Task<SessionRecord?> ActiveRecordAsync(ISessionRecordStore store, SessionGate gate, SessionBridgeTelemetry telemetry, string sessionId, CancellationToken cancellationToken)
    {
        var record = await telemetry.LoadAsync(store, sessionId, cancellationToken);
        return (await gate.CheckAsync(sessionId, record?.Info, cancellationToken)).Outcome == GateOutcome.Admitted ? record : null;
    }

    private static async Task WriteAsync(HttpContext context, string text)
    {
        await context.Response.WriteAsync(text, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
