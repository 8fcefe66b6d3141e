using Microsoft.Playwright;

namespace SessionBridge.Tests.Browser;

/// <summary>
/// A tab and the requests it made to the app since <see cref="Clear"/>, as "METHOD /path?query": pages, htmx and
/// fetch requests, event streams. Static files (scripts, styles, images, fonts) are left out: they carry no session
/// and are cached after the first page.
/// </summary>
public sealed class RecordedTab
{
    private static readonly HashSet<string> s_static = new(StringComparer.Ordinal) { "script", "stylesheet", "image", "font" };
    private readonly List<string> _sent = [];

    public RecordedTab(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        Page = page;
        page.Request += (_, request) =>
        {
            if (s_static.Contains(request.ResourceType))
            {
                return;
            }

            var url = new Uri(request.Url);
            lock (_sent)
            {
                _sent.Add($"{request.Method} {url.PathAndQuery}");
            }
        };
    }

    public IPage Page { get; }

    public List<string> Sent()
    {
        lock (_sent)
        {
            return [.. _sent];
        }
    }

    /// <summary>What <see cref="Sent"/> returns, with the query of the event stream (a random tab id) cut off.</summary>
    public List<string> SentWithoutStreamQuery() =>
        [.. Sent().Select(request => request.StartsWith("GET /events?", StringComparison.Ordinal) ? "GET /events" : request)];

    public void Clear()
    {
        lock (_sent)
        {
            _sent.Clear();
        }
    }
}
