using System.Text;

namespace SessionBridge.Tests.Infrastructure.AppLogs;

/// <summary>
/// The app logs of one xunit test collection. Tests of a collection run one after another (only collections run in
/// parallel), so what its apps wrote between a test's start and its result is that test's: a class fixture's app
/// shared by many tests, an app a test starts itself, two nodes of a cluster test alike.
/// </summary>
internal sealed class CollectionAppLogs
{
    /// <summary>Most lines one app shows in one test's report: the first and the last are kept, the middle cut.</summary>
    private const int MaxLinesPerApp = 1000;

    private const int HeadLines = 200;

    private static readonly AsyncLocal<CollectionAppLogs?> s_current = new();

    private readonly List<AppLog> _logs = [];

    /// <summary>The collection whose tests run in this async flow (null outside a test run).</summary>
    public static CollectionAppLogs? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    public void Join(AppLog log)
    {
        lock (_logs)
        {
            _logs.Add(log);
        }
    }

    /// <summary>Where each app's log stands now; apps that join later start at 0.</summary>
    public Dictionary<AppLog, int> Mark()
    {
        lock (_logs)
        {
            return _logs.ToDictionary(log => log, log => log.Count);
        }
    }

    /// <summary>
    /// What the apps wrote since <paramref name="mark"/>, one section per app (empty when they wrote nothing), and in
    /// <paramref name="end"/> where that stops: the mark for the next report, so no line falls between two.
    /// </summary>
    public string Since(Dictionary<AppLog, int> mark, out Dictionary<AppLog, int> end)
    {
        AppLog[] logs;
        lock (_logs)
        {
            logs = [.. _logs];
        }

        var report = new StringBuilder();
        end = [];
        foreach (var (log, number) in logs.Select((log, index) => (log, index + 1)))
        {
            int start = mark.GetValueOrDefault(log);
            var lines = log.LinesFrom(start);
            end[log] = start + lines.Count;
            if (lines.Count == 0)
            {
                continue;
            }

            report.Append("----- app log: ").Append(log.Title).Append(" #").Append(number).Append(", ").Append(lines.Count).AppendLine(" lines -----");
            bool cut = lines.Count > MaxLinesPerApp;
            foreach (string line in cut ? lines.Take(HeadLines) : lines)
            {
                report.AppendLine(line);
            }

            if (cut)
            {
                report.Append("… ").Append(lines.Count - MaxLinesPerApp).AppendLine(" lines left out …");
                foreach (string line in lines.Skip(lines.Count - (MaxLinesPerApp - HeadLines)))
                {
                    report.AppendLine(line);
                }
            }
        }

        return report.ToString();
    }
}
