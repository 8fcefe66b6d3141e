using System.Diagnostics;

namespace SessionBridge.Web.Bridge.Telemetry;

/// <summary>
/// One store operation in flight: its span (null when nobody listens) and its start time (taken only when the
/// duration histogram is listened to). A struct, so timing an operation nobody observes allocates nothing.
/// </summary>
public readonly struct StoreTiming
{
    private readonly SessionBridgeTelemetry? _telemetry;
    private readonly Activity? _activity;
    private readonly string _operation;
    private readonly string _store;
    private readonly long _started;

    internal StoreTiming(SessionBridgeTelemetry telemetry, string operation, string store)
    {
        _telemetry = telemetry;
        _operation = operation;
        _store = store;
        _started = telemetry.StoreDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
        _activity = SessionBridgeTelemetry.StartActivity(SessionBridgeTelemetry.Spans.ForStore(operation));
        if (_activity is { IsAllDataRequested: true })
        {
            _activity.SetTag(SessionBridgeTelemetry.Attributes.Operation, operation);
            _activity.SetTag(SessionBridgeTelemetry.Attributes.Store, store);
        }
    }

    public void Ok() => Finish(SessionBridgeTelemetry.StoreOutcomes.Ok, null);

    /// <param name="outcome">
    /// <see cref="SessionBridgeTelemetry.StoreOutcomes.Unavailable"/> or <see cref="SessionBridgeTelemetry.StoreOutcomes.Timeout"/>.
    /// </param>
    /// <param name="error">What went wrong, for the span: its type name only (a message may name a key).</param>
    public void Failed(string outcome, Exception error) => Finish(outcome, error);

    /// <summary>Ends the span without a measurement: the caller went away (cancelled) before the store answered.</summary>
    public void Abandoned() => _activity?.Dispose();

    private void Finish(string outcome, Exception? error)
    {
        if (_telemetry is null)
        {
            return;
        }

        if (_started != 0 && _telemetry.StoreDuration.Enabled)
        {
            _telemetry.StoreDuration.Record(
                Stopwatch.GetElapsedTime(_started).TotalSeconds,
                new KeyValuePair<string, object?>(SessionBridgeTelemetry.Attributes.Operation, _operation),
                new KeyValuePair<string, object?>(SessionBridgeTelemetry.Attributes.Store, _store),
                new KeyValuePair<string, object?>(SessionBridgeTelemetry.Attributes.Outcome, outcome));
        }

        if (_activity is not null)
        {
            _activity.SetTag(SessionBridgeTelemetry.Attributes.Outcome, outcome);
            if (error is not null)
            {
                _activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            }

            _activity.Dispose();
        }
    }
}
