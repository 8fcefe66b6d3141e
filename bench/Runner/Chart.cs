using ScottPlot;

namespace SessionBridge.Bench;

/// <summary>The chart of docs/benchmarks.md: requests per second and server CPU per request, per case, side by side.</summary>
internal static class Chart
{
    private static readonly Dictionary<CaseFamily, Color> Colours = new()
    {
        [CaseFamily.Bare] = Colors.Gray,
        [CaseFamily.Stock] = new Color(221, 132, 82),
        [CaseFamily.SessionBridge] = new Color(76, 114, 176),
    };

    public static void Save(Report report, string path)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        Draw(multiplot.GetPlot(0), report, "requests/s (higher is better)", row => row.RequestsPerSecond, "N0", withLabels: true);
        Draw(multiplot.GetPlot(1), report, "server CPU µs per request (lower is better)", row => row.CpuMicrosecondsPerRequest, "N0", withLabels: false);
        multiplot.SavePng(path, 1400, 620);
    }

    private static void Draw(Plot plot, Report report, string title, Func<Report.Row, double> value, string format, bool withLabels)
    {
        var rows = report.Rows;
        var bars = rows.Select((row, i) => new Bar
        {
            Position = rows.Count - i,
            Value = value(row),
            FillColor = Colours[row.Case.Family],
            Label = value(row).ToString(format, System.Globalization.CultureInfo.InvariantCulture),
        }).ToList();
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plottable.ValueLabelStyle.FontSize = 12;
        plot.Title(title, size: 15);
        double[] positions = [.. rows.Select((_, i) => (double)(rows.Count - i))];
        string[] labels = [.. rows.Select(row => withLabels ? row.Case.Label : string.Empty)];
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
        plot.Axes.Margins(left: 0, right: 0.2, bottom: 0.02, top: 0.02);
        plot.Grid.YAxisStyle.IsVisible = false;
        // The legend goes on the CPU plot, whose short last bars leave its lower right empty; on the req/s plot it
        // covered the last bars' figures.
        if (!withLabels)
        {
            foreach (var (family, colour) in Colours)
            {
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = family == CaseFamily.SessionBridge ? "SessionBridge" : family.ToString().ToLowerInvariant(), FillColor = colour });
            }

            plot.Legend.Alignment = Alignment.LowerRight;
            plot.ShowLegend();
        }
    }
}
