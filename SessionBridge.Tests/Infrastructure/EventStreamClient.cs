using System.Net;
using System.Net.Http.Headers;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>A second "tab": reads GET /events of a browser's session the way EventSource does.</summary>
public sealed class EventStreamClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStreamClient(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public HttpStatusCode Status => _response.StatusCode;

    public HttpResponseMessage Response => _response;

    /// <param name="page">The page the tab shows (the stream's "page"), which says what a change is rendered for; none names none.</param>
    public static async Task<EventStreamClient> OpenAsync(HtmxBrowser browser, string tab = "other-tab", string? page = null)
    {
        string url = "/events?tab=" + tab + (page is null ? string.Empty : "&page=" + Uri.EscapeDataString(page));
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await browser.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        return new EventStreamClient(response, reader);
    }

    /// <summary>The next event ("name: data", the data's lines joined with line feeds) or comment (": text"), or null when the stream ended.</summary>
    public async Task<string?> NextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        string? name = null;
        string? data = null;
        while (await _reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null)
                {
                    return $"{name}: {data}";
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                return line;
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                // As EventSource does: the data of several lines is joined with line feeds.
                data = data is null ? line["data: ".Length..] : data + "\n" + line["data: ".Length..];
            }
        }

        return null;
    }

    /// <summary>Reads until an event (not a comment) arrives.</summary>
    public async Task<string?> NextEventAsync(TimeSpan? timeout = null)
    {
        while (await NextAsync(timeout) is { } item)
        {
            if (!item.StartsWith(':'))
            {
                return item;
            }
        }

        return null;
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
