using System.Diagnostics;

namespace SessionBridge.Telemetry;

/// <summary>
/// One store operation in flight: its span (null when nobody listens) and its start time (taken only when the
/// duration histogram is listened to). A struct, so timing an operation nobody observes allocates nothing.
/// </summary>
internal readonly struct StoreTiming
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

    /// <summary>
    /// Records the failure: a timeout (ours, or the client's) as <see cref="SessionBridgeTelemetry.StoreOutcomes.Timeout"/>,
    /// anything else as <see cref="SessionBridgeTelemetry.StoreOutcomes.Unavailable"/>. A cancellation (the client went
    /// away) ends the span and records nothing: the store did not fail.
    /// </summary>
    public void Failed(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error is OperationCanceledException)
        {
            _activity?.Dispose();
            return;
        }

        bool timeout = error is TimeoutException || error.InnerException is TimeoutException;
        Finish(timeout ? SessionBridgeTelemetry.StoreOutcomes.Timeout : SessionBridgeTelemetry.StoreOutcomes.Unavailable, error);
    }

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
