namespace SessionBridge.Tests.Infrastructure.AppLogs;

/// <summary>
/// What one app under test wrote (an in-process host's log lines, a child process's output), kept for the report of
/// the test it ran in instead of printed: a green run stays quiet, and a failing test shows its own app's lines.
/// It joins the test collection it is created in (see <see cref="CollectionAppLogs"/>); created outside one, it only
/// keeps its lines.
/// </summary>
public sealed class AppLog
{
    private readonly List<string> _lines = [];

    public AppLog(string title)
    {
        Title = title;
        CollectionAppLogs.Current?.Join(this);
    }

    /// <summary>Names the app in the report, e.g. "SessionBridgeApp" or "app process".</summary>
    public string Title { get; }

    public int Count
    {
        get
        {
            lock (_lines)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>Adds one line (a multi-line entry, such as a stack trace, is added line by line).</summary>
    public void Write(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_lines)
        {
            foreach (string line in text.Split('\n'))
            {
                _lines.Add(line.TrimEnd('\r'));
            }
        }
    }

    /// <summary>The lines from index <paramref name="start"/> on.</summary>
    public IReadOnlyList<string> LinesFrom(int start)
    {
        lock (_lines)
        {
            return start >= _lines.Count ? [] : _lines.GetRange(start, _lines.Count - start);
        }
    }
}
