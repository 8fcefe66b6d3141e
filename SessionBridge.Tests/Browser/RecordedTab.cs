using System.Text.Json;
using Microsoft.Playwright;

namespace SessionBridge.Tests.Browser;

/// <summary>
/// A tab and what it exchanged with the app since <see cref="Clear"/>: the requests it made, as "METHOD /path?query"
/// (pages, htmx and fetch requests, event streams), and the bytes of body it received for them, the stream's events
/// included (counted by Chromium as they arrive: DevTools' Network.dataReceived). Static files (scripts, styles,
/// images, fonts) are left out: they carry no session and are cached after the first page.
/// </summary>
public sealed class RecordedTab
{
    private static readonly HashSet<string> s_static = new(StringComparer.Ordinal) { "script", "stylesheet", "image", "font" };
    private static readonly HashSet<string> s_staticTypes = new(StringComparer.Ordinal) { "Script", "Stylesheet", "Image", "Font" };
    private readonly List<string> _sent = [];
    private readonly HashSet<string> _staticRequests = new(StringComparer.Ordinal);
    private long _received;

    private RecordedTab(IPage page)
    {
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

    /// <summary>Starts recording the tab's requests and the bytes it receives.</summary>
    public static async Task<RecordedTab> StartAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var tab = new RecordedTab(page);
        var devTools = await page.Context.NewCDPSessionAsync(page);
        devTools.Event("Network.requestWillBeSent").OnEvent += (_, sent) =>
        {
            if (sent is { } e && e.TryGetProperty("type", out var type) && s_staticTypes.Contains(type.GetString() ?? string.Empty))
            {
                lock (tab._sent)
                {
                    tab._staticRequests.Add(e.GetProperty("requestId").GetString()!);
                }
            }
        };
        devTools.Event("Network.dataReceived").OnEvent += (_, data) =>
        {
            if (data is not { } e)
            {
                return;
            }

            lock (tab._sent)
            {
                if (!tab._staticRequests.Contains(e.GetProperty("requestId").GetString()!))
                {
                    tab._received += e.GetProperty("dataLength").GetInt64();
                }
            }
        };
        await devTools.SendAsync("Network.enable");
        return tab;
    }

    public List<string> Sent()
    {
        lock (_sent)
        {
            return [.. _sent];
        }
    }

    /// <summary>The bytes of body received since <see cref="Clear"/> (decoded; headers not counted).</summary>
    public long Received
    {
        get
        {
            lock (_sent)
            {
                return _received;
            }
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
            _received = 0;
        }
    }
}
