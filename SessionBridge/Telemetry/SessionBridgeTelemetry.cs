using System.Diagnostics;
using System.Diagnostics.Metrics;
using SessionBridge.Store;

namespace SessionBridge.Telemetry;

/// <summary>
/// What SessionBridge tells an operator: one <see cref="Meter"/> and one <see cref="ActivitySource"/>, both named
/// <see cref="Name"/>, with every instrument and the names and values of their attributes. Attributes are
/// low-cardinality by construction — each is one of the constants below, never a session id, token, user, email, path
/// or address. When nothing listens, a record call is a check of <see cref="Instrument.Enabled"/> and
/// <see cref="StartActivity"/> returns null: nothing is allocated on the request path.
/// </summary>
public sealed class SessionBridgeTelemetry
{
    /// <summary>The name of the meter and of the activity source (what an exporter subscribes to).</summary>
    public const string Name = "SessionBridge";

    // An ActivitySource has no factory in DI (unlike a Meter); one per process, as the framework's own sources are.
    private static readonly ActivitySource Source = new(Name);

    // Sub-millisecond (a memory store, a Redis read on loopback) up to the I/O timeout (seconds): the default buckets
    // (0, 5, 10, 25 … 10000) are made for milliseconds and would put every store operation in the first one.
    private static readonly IReadOnlyList<double> StoreBuckets =
        [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public SessionBridgeTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        Meter = meters.Create(Name);
        SessionsCreated = Meter.CreateCounter<long>(Instruments.SessionsCreated, "{session}", "Sessions stored, by kind (visitor, signed_in)");
        SessionsEnded = Meter.CreateCounter<long>(Instruments.SessionsEnded, "{session}", "Sessions ended, by reason");
        StoreDuration = Meter.CreateHistogram(Instruments.StoreDuration, "s", "Duration of session store operations, by operation, store and outcome",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StoreBuckets });
        Saves = Meter.CreateCounter<long>(Instruments.Saves, "{save}", "Writes of one session key, by outcome");
        Handoffs = Meter.CreateCounter<long>(Instruments.Handoffs, "{handoff}", "Login handoffs issued, landed or refused, by outcome");
        GateRefusals = Meter.CreateCounter<long>(Instruments.GateRefusals, "{request}", "Requests the session gate sent to the login page, by reason");
        LimitRejections = Meter.CreateCounter<long>(Instruments.LimitRejections, "{request}", "Requests refused by a limit (429), by limit");
        LiveStreams = Meter.CreateUpDownCounter<long>(Instruments.LiveStreams, "{stream}", "Live event streams open on this node");
        EventsPublished = Meter.CreateCounter<long>(Instruments.EventsPublished, "{event}", "Session events this node published, by kind");
        EventsReceived = Meter.CreateCounter<long>(Instruments.EventsReceived, "{event}", "Session events this node received from Redis, by kind");
    }

    /// <summary>The meter, made by the app's <see cref="IMeterFactory"/> (so its scope is the app's container).</summary>
    public Meter Meter { get; }

    public Counter<long> SessionsCreated { get; }

    public Counter<long> SessionsEnded { get; }

    public Histogram<double> StoreDuration { get; }

    public Counter<long> Saves { get; }

    public Counter<long> Handoffs { get; }

    public Counter<long> GateRefusals { get; }

    public Counter<long> LimitRejections { get; }

    public UpDownCounter<long> LiveStreams { get; }

    public Counter<long> EventsPublished { get; }

    public Counter<long> EventsReceived { get; }

    /// <summary>
    /// A span of <see cref="Name"/> under the current one (ASP.NET Core's request span), or null when nobody listens.
    /// </summary>
    public static Activity? StartActivity(string name) => Source.StartActivity(name, ActivityKind.Internal);

    /// <summary>
    /// Marks <paramref name="activity"/> failed (its status says the exception's type, never its message, which may
    /// name a key). Returns false, to be used as an exception filter that lets the exception go on untouched.
    /// </summary>
    public static bool Failed(Activity? activity, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (activity is not null && error is not OperationCanceledException)
        {
            activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        }

        return false;
    }

    public void SessionCreated(bool signedIn) => Count(SessionsCreated, Attributes.Kind, signedIn ? SessionKinds.SignedIn : SessionKinds.Visitor);

    /// <param name="reason">One of <see cref="EndReasons"/>.</param>
    public void SessionEnded(string reason) => Count(SessionsEnded, Attributes.Reason, reason);

    /// <param name="outcome">One of <see cref="SaveOutcomes"/>.</param>
    public void Saved(string outcome) => Count(Saves, Attributes.Outcome, outcome);

    /// <param name="outcome">One of <see cref="HandoffOutcomes"/>.</param>
    public void Handoff(string outcome) => Count(Handoffs, Attributes.Outcome, outcome);

    /// <param name="reason">One of <see cref="GateReasons"/>.</param>
    public void GateRefused(string reason) => Count(GateRefusals, Attributes.Reason, reason);

    /// <param name="limit">One of <see cref="Limits"/>.</param>
    public void LimitRejected(string limit) => Count(LimitRejections, Attributes.Limit, limit);

    /// <summary>Counts a live stream as open until the result is disposed.</summary>
    internal LiveStreamCount CountStream() => new(this);

    public void EventPublished(bool signOut) => Count(EventsPublished, Attributes.Kind, signOut ? EventKinds.SignedOut : EventKinds.Changed);

    public void EventReceived(bool signOut) => Count(EventsReceived, Attributes.Kind, signOut ? EventKinds.SignedOut : EventKinds.Changed);

    /// <summary>Starts timing one store operation (and its span); finish it with <see cref="StoreTiming.Ok"/> or <see cref="StoreTiming.Failed"/>.</summary>
    /// <summary>Starts timing one store operation, and its span; end it with <see cref="StoreTiming.Ok"/> or <see cref="StoreTiming.Failed"/>.</summary>
    /// <param name="operation">One of <see cref="StoreOperations"/>.</param>
    /// <param name="store">One of <see cref="Stores"/> (the record store's kind).</param>
    internal StoreTiming StartStore(string operation, string store) => new(this, operation, store);

    /// <summary>
    /// Loads a session outside a request's own session (a live stream's checks, the list of a user's sessions), timed
    /// and traced as a <see cref="StoreOperations.Load"/>.
    /// </summary>
    internal async Task<SessionRecord?> LoadAsync(ISessionRecordStore store, string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var timing = StartStore(StoreOperations.Load, store.Kind);
        try
        {
            var record = await store.LoadAsync(sessionId, cancellationToken).ConfigureAwait(false);
            timing.Ok();
            return record;
        }
        catch (Exception ex)
        {
            timing.Failed(ex);
            throw;
        }
    }

    /// <summary>Deletes a session, timed and traced as a <see cref="StoreOperations.Delete"/>; true when this call removed it.</summary>
    internal async Task<bool> DeleteAsync(ISessionRecordStore store, string sessionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var timing = StartStore(StoreOperations.Delete, store.Kind);
        try
        {
            bool deleted = await store.DeleteAsync(sessionId, cancellationToken).ConfigureAwait(false);
            timing.Ok();
            return deleted;
        }
        catch (Exception ex)
        {
            timing.Failed(ex);
            throw;
        }
    }

    private static void Count(Counter<long> counter, string attribute, string value)
    {
        if (counter.Enabled)
        {
            counter.Add(1, new KeyValuePair<string, object?>(attribute, value));
        }
    }

    /// <summary>Instrument names, in OpenTelemetry's style.</summary>
    public static class Instruments
    {
        public const string SessionsCreated = "sessionbridge.sessions.created";
        public const string SessionsEnded = "sessionbridge.sessions.ended";
        public const string StoreDuration = "sessionbridge.store.duration";
        public const string Saves = "sessionbridge.saves";
        public const string Handoffs = "sessionbridge.handoffs";
        public const string GateRefusals = "sessionbridge.gate.refusals";
        public const string LimitRejections = "sessionbridge.limits.rejections";
        public const string LiveStreams = "sessionbridge.live.streams";
        public const string EventsPublished = "sessionbridge.events.published";
        public const string EventsReceived = "sessionbridge.events.received";
    }

    /// <summary>Span names.</summary>
    public static class Spans
    {
        public const string StoreLoad = "sessionbridge.store.load";
        public const string StoreCommit = "sessionbridge.store.commit";
        public const string StoreCreate = "sessionbridge.store.create";
        public const string StoreRotate = "sessionbridge.store.rotate";
        public const string StoreDelete = "sessionbridge.store.delete";
        public const string HandoffIssue = "sessionbridge.handoff.issue";
        public const string HandoffLand = "sessionbridge.handoff.land";

        /// <summary>The span of a store operation (one of <see cref="StoreOperations"/>).</summary>
        public static string ForStore(string operation) => operation switch
        {
            StoreOperations.Load => StoreLoad,
            StoreOperations.Commit => StoreCommit,
            StoreOperations.Create => StoreCreate,
            StoreOperations.Rotate => StoreRotate,
            StoreOperations.Delete => StoreDelete,
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };
    }

    /// <summary>Attribute names (on measurements and on spans).</summary>
    public static class Attributes
    {
        public const string Kind = "kind";
        public const string Reason = "reason";
        public const string Operation = "operation";
        public const string Store = "store";
        public const string Outcome = "outcome";
        public const string Limit = "limit";
    }

    /// <summary>Values of <see cref="Attributes.Kind"/> on <see cref="Instruments.SessionsCreated"/>.</summary>
    public static class SessionKinds
    {
        public const string Visitor = "visitor";
        public const string SignedIn = "signed_in";
    }

    /// <summary>Values of <see cref="Attributes.Reason"/> on <see cref="Instruments.SessionsEnded"/>.</summary>
    public static class EndReasons
    {
        /// <summary>The user signed out of this session.</summary>
        public const string SignedOut = "signed_out";

        /// <summary>The user (or an operator) ended it from another session.</summary>
        public const string Revoked = "revoked";

        /// <summary>Its lifetime ran out (counted where the store notices: the memory store's sweep and loads).</summary>
        public const string Expired = "expired";

        /// <summary>Replaced by a new id at sign-in (no session fixation).</summary>
        public const string Rotated = "rotated";

        /// <summary>Dropped to make room (the memory store's visitor cap).</summary>
        public const string Evicted = "evicted";

        /// <summary>Its user no longer exists or is disabled.</summary>
        public const string UserDisabled = "user_disabled";
    }

    /// <summary>Values of <see cref="Attributes.Operation"/> on <see cref="Instruments.StoreDuration"/>.</summary>
    public static class StoreOperations
    {
        public const string Load = "load";
        public const string Commit = "commit";
        public const string Create = "create";
        public const string Rotate = "rotate";
        public const string Delete = "delete";
    }

    /// <summary>Values of <see cref="Attributes.Store"/> (the record store's kind).</summary>
    public static class Stores
    {
        public const string Memory = "memory";
        public const string Redis = "redis";
    }

    /// <summary>Values of <see cref="Attributes.Outcome"/> on <see cref="Instruments.StoreDuration"/>.</summary>
    public static class StoreOutcomes
    {
        public const string Ok = "ok";
        public const string Unavailable = "unavailable";
        public const string Timeout = "timeout";
    }

    /// <summary>Values of <see cref="Attributes.Outcome"/> on <see cref="Instruments.Saves"/>.</summary>
    public static class SaveOutcomes
    {
        public const string Saved = "saved";
        public const string Invalid = "invalid";
        public const string UnknownKey = "unknown_key";
        public const string NotSaved = "not_saved";
    }

    /// <summary>Values of <see cref="Attributes.Outcome"/> on <see cref="Instruments.Handoffs"/>.</summary>
    public static class HandoffOutcomes
    {
        public const string Issued = "issued";
        public const string Landed = "landed";
        public const string Expired = "expired";
        public const string Replayed = "replayed";

        /// <summary>Altered, or not ours at all.</summary>
        public const string Tampered = "tampered";

        /// <summary>Made for another browser's session.</summary>
        public const string Foreign = "foreign";
    }

    /// <summary>Values of <see cref="Attributes.Reason"/> on <see cref="Instruments.GateRefusals"/>.</summary>
    public static class GateReasons
    {
        /// <summary>The page needs a signed-in session and there is none.</summary>
        public const string SignInRequired = "sign_in_required";

        /// <summary>A signed-in session that the store no longer has (expired, revoked, signed out elsewhere).</summary>
        public const string SessionEnded = "session_ended";

        /// <summary>The session's user is gone or disabled.</summary>
        public const string UserDisabled = "user_disabled";
    }

    /// <summary>Values of <see cref="Attributes.Limit"/> on <see cref="Instruments.LimitRejections"/>.</summary>
    public static class Limits
    {
        public const string Login = "login";
        public const string NewSession = "new_session";
        public const string StepUp = "step_up";
    }

    /// <summary>Values of <see cref="Attributes.Kind"/> on the event counters.</summary>
    public static class EventKinds
    {
        public const string Changed = "changed";
        public const string SignedOut = "signed_out";
    }
}
