using System.Collections.Concurrent;
using System.Diagnostics;
using SessionBridge.Telemetry;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Telemetry;

/// <summary>
/// The spans of the requests one test sends, as a tracing backend would receive them: SessionBridge's own and ASP.NET
/// Core's request spans. Listeners are process-wide, so the browsers of the test send a <c>traceparent</c> of a trace
/// of its own, and only spans of that trace are recorded (ASP.NET Core continues the trace from the header, and the
/// bridge's spans are children of its request span).
/// </summary>
internal sealed class AppSpans : IDisposable
{
    public const string AspNetCore = "Microsoft.AspNetCore";

    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public AppSpans()
    {
        TraceId = ActivityTraceId.CreateRandom();
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is SessionBridgeTelemetry.Name or AspNetCore,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent.TraceId == TraceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == TraceId)
                {
                    _stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public ActivityTraceId TraceId { get; }

    /// <summary>Every finished span of the test's trace.</summary>
    public IReadOnlyList<Activity> Stopped => [.. _stopped];

    /// <summary>The finished spans named <paramref name="name"/>.</summary>
    public IReadOnlyList<Activity> Named(string name) => [.. _stopped.Where(span => span.OperationName == name)];

    /// <summary>The request span a span is nested under (its nearest ASP.NET Core ancestor), or null.</summary>
    public Activity? RequestOf(Activity span)
    {
        var byId = _stopped.ToDictionary(s => s.SpanId);
        for (var parent = span.ParentSpanId; byId.TryGetValue(parent, out var ancestor); parent = ancestor.ParentSpanId)
        {
            if (ancestor.Source.Name == AspNetCore)
            {
                return ancestor;
            }
        }

        return null;
    }

    /// <summary>Makes every request of <paramref name="browser"/> part of this test's trace.</summary>
    public HtmxBrowser Trace(HtmxBrowser browser)
    {
        browser.Client.DefaultRequestHeaders.Add("traceparent", $"00-{TraceId}-{ActivitySpanId.CreateRandom()}-01");
        return browser;
    }

    public void Dispose() => _listener.Dispose();
}
