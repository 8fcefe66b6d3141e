using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using SessionBridge.Telemetry;

namespace SessionBridge.Tests.Bridge.Telemetry;

/// <summary>
/// Every SessionBridge instrument of ONE app, read as an operator's collector would. The collectors listen to the meter
/// of the app's own <see cref="IMeterFactory"/>, so the apps of tests running in parallel do not add to each other's
/// counts (the meter's name is the same in every app).
/// </summary>
internal sealed class AppMetrics : IDisposable
{
    private static readonly string[] s_counters =
    [
        SessionBridgeTelemetry.Instruments.SessionsCreated,
        SessionBridgeTelemetry.Instruments.SessionsEnded,
        SessionBridgeTelemetry.Instruments.Saves,
        SessionBridgeTelemetry.Instruments.Handoffs,
        SessionBridgeTelemetry.Instruments.GateRefusals,
        SessionBridgeTelemetry.Instruments.LimitRejections,
        SessionBridgeTelemetry.Instruments.LiveStreams,
        SessionBridgeTelemetry.Instruments.EventsPublished,
        SessionBridgeTelemetry.Instruments.EventsReceived,
    ];

    private readonly Dictionary<string, MetricCollector<long>> _counters;
    private readonly MetricCollector<double> _durations;

    public AppMetrics(IServiceProvider services)
    {
        var meters = services.GetRequiredService<IMeterFactory>();
        _counters = s_counters.ToDictionary(name => name, name => new MetricCollector<long>(meters, SessionBridgeTelemetry.Name, name));
        _durations = new MetricCollector<double>(meters, SessionBridgeTelemetry.Name, SessionBridgeTelemetry.Instruments.StoreDuration);
    }

    /// <summary>The sum of what <paramref name="instrument"/> recorded with these attributes (and any others).</summary>
    public long Sum(string instrument, params (string Name, string Value)[] attributes) =>
        _counters[instrument].GetMeasurementSnapshot().Where(m => Matches(m.Tags, attributes)).Sum(m => m.Value);

    /// <summary>Every attribute value <paramref name="instrument"/> recorded under <paramref name="attribute"/>, with its sum.</summary>
    public IReadOnlyDictionary<string, long> By(string instrument, string attribute) =>
        _counters[instrument].GetMeasurementSnapshot()
            .GroupBy(m => m.Tags.TryGetValue(attribute, out object? value) ? value as string ?? "?" : "(none)", StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Sum(m => m.Value), StringComparer.Ordinal);

    /// <summary>The store operations measured, as "operation store outcome" lines, in the order they finished.</summary>
    public IReadOnlyList<string> StoreOperations() =>
        [.. _durations.GetMeasurementSnapshot().Select(m => $"{m.Tags[SessionBridgeTelemetry.Attributes.Operation]} {m.Tags[SessionBridgeTelemetry.Attributes.Store]} {m.Tags[SessionBridgeTelemetry.Attributes.Outcome]}")];

    /// <summary>The durations, in seconds, measured with these attributes.</summary>
    public IReadOnlyList<double> Durations(params (string Name, string Value)[] attributes) =>
        [.. _durations.GetMeasurementSnapshot().Where(m => Matches(m.Tags, attributes)).Select(m => m.Value)];

    /// <summary>Every attribute recorded on any instrument so far, as "name=value".</summary>
    public IReadOnlySet<string> Attributes() =>
        _counters.Values.SelectMany(c => c.GetMeasurementSnapshot().SelectMany(m => m.Tags))
            .Concat(_durations.GetMeasurementSnapshot().SelectMany(m => m.Tags))
            .Select(tag => tag.Key + "=" + tag.Value)
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Waits (real time) until <paramref name="condition"/> holds: the server notices a closed stream a moment later.</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        for (int i = 0; !condition(); i++)
        {
            Assert.True(i < 500, "never: " + what);
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        foreach (var collector in _counters.Values)
        {
            collector.Dispose();
        }

        _durations.Dispose();
    }

    private static bool Matches(IReadOnlyDictionary<string, object?> tags, (string Name, string Value)[] attributes) =>
        attributes.All(a => tags.TryGetValue(a.Name, out object? value) && value as string == a.Value);
}
