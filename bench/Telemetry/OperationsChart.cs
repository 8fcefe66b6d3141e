using ScottPlot;

namespace SessionBridge.Bench.Telemetry;

/// <summary>The picture of docs/operations.md: counter totals by attribute, and store durations per operation.</summary>
internal static class OperationsChart
{
    public static void Save(InstrumentRecorder recorder, string path)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        DrawCounters(multiplot.GetPlot(0), recorder);
        DrawDurations(multiplot.GetPlot(1), recorder);
        multiplot.SavePng(path, 1400, 720);
    }

    public static double Percentile(IEnumerable<double> values, double quantile)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
    }

    private static void DrawCounters(Plot plot, InstrumentRecorder recorder)
    {
        var rows = recorder.Totals
            .Where(t => !t.Key.Contains("(count)", StringComparison.Ordinal))
            .Select(t => (Label: t.Key.Replace("sessionbridge.", string.Empty, StringComparison.Ordinal), Value: (double)t.Value))
            .Append(("live.streams (peak open)", recorder.PeakStreams))
            .OrderBy(r => r.Label, StringComparer.Ordinal)
            .ToList();
        var bars = rows.Select((row, i) => new Bar
        {
            Position = rows.Count - i,
            Value = row.Value,
            FillColor = new Color(76, 114, 176),
            Label = row.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        }).ToList();
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plottable.ValueLabelStyle.FontSize = 11;
        plot.Title("SessionBridge counters after a short load run", size: 15);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. rows.Select((_, i) => (double)(rows.Count - i))], [.. rows.Select(r => r.Label)]);
        plot.Axes.Margins(left: 0, right: 0.15, bottom: 0.01, top: 0.01);
        plot.Grid.YAxisStyle.IsVisible = false;
    }

    private static void DrawDurations(Plot plot, InstrumentRecorder recorder)
    {
        var operations = recorder.Durations.OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
        var bars = new List<Bar>();
        for (int i = 0; i < operations.Count; i++)
        {
            foreach (var (quantile, offset, colour) in new[] { (0.5, -0.2, new Color(76, 114, 176)), (0.99, 0.2, new Color(221, 132, 82)) })
            {
                double ms = Percentile(operations[i].Value, quantile) * 1000;
                bars.Add(new Bar
                {
                    Position = i + offset,
                    Value = ms,
                    Size = 0.35,
                    FillColor = colour,
                    Label = ms.ToString("F2", System.Globalization.CultureInfo.InvariantCulture),
                });
            }
        }

        plot.Add.Bars(bars).ValueLabelStyle.FontSize = 11;
        plot.Title("sessionbridge.store.duration (ms, Redis on loopback)", size: 15);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. operations.Select((_, i) => (double)i)], [.. operations.Select(o => $"{o.Key} (n={o.Value.Count})")]);
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "p50", FillColor = new Color(76, 114, 176) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "p99", FillColor = new Color(221, 132, 82) });
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.ShowLegend();
    }
}
