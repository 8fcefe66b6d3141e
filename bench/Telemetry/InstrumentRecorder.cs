using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SessionBridge.Bench.Telemetry;

/// <summary>
/// Every measurement of the SessionBridge meter, as an exporter would see it: counter totals per instrument and
/// attribute value, the up-down counter's peak, and the raw store durations (for exact percentiles).
/// </summary>
internal sealed class InstrumentRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _durations = new(StringComparer.Ordinal);
    private long _streams;
    private long _peakStreams;

    public InstrumentRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "SessionBridge")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnLong);
        _listener.SetMeasurementEventCallback<double>(OnDouble);
        _listener.Start();
    }

    /// <summary>"sessionbridge.saves{outcome=saved}" → total.</summary>
    public IReadOnlyDictionary<string, long> Totals => _totals;

    /// <summary>"load" → seconds of every load, and so on per store operation (outcome ok only).</summary>
    public IReadOnlyDictionary<string, ConcurrentBag<double>> Durations => _durations;

    public long PeakStreams => Interlocked.Read(ref _peakStreams);

    public void Dispose() => _listener.Dispose();

    private static string Key(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>();
        foreach (var tag in tags)
        {
            parts.Add($"{tag.Key}={tag.Value}");
        }

        return parts.Count == 0 ? instrument.Name : $"{instrument.Name}{{{string.Join(',', parts)}}}";
    }

    private void OnLong(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        if (instrument is UpDownCounter<long>)
        {
            long now = Interlocked.Add(ref _streams, value);
            long peak;
            while (now > (peak = Interlocked.Read(ref _peakStreams)) && Interlocked.CompareExchange(ref _peakStreams, now, peak) != peak)
            {
            }

            return;
        }

        _totals.AddOrUpdate(Key(instrument, tags), value, (_, total) => total + value);
    }

    private void OnDouble(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string operation = "?";
        string outcome = "?";
        foreach (var tag in tags)
        {
            if (tag.Key == "operation")
            {
                operation = tag.Value?.ToString() ?? "?";
            }
            else if (tag.Key == "outcome")
            {
                outcome = tag.Value?.ToString() ?? "?";
            }
        }

        _totals.AddOrUpdate($"{instrument.Name}{{operation={operation},outcome={outcome}}} (count)", 1, (_, total) => total + 1);
        if (outcome == "ok")
        {
            _durations.GetOrAdd(operation, _ => []).Add(value);
        }
    }
}
