using System.Net;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace SessionBridge.Testing;

/// <summary>
/// A browser without JavaScript that nevertheless does what htmx 2 (checked against 2.0.11) does for the hx-*
/// attributes and HX-* headers it emulates, and refuses the others. Navigation, cookies and the log of requests
/// live here; everything htmx does to a loaded document lives in <see cref="HtmxPage"/>.
/// </summary>
public sealed class HtmxBrowser : IDisposable
{
    private const int MaxRedirects = 10;
    private readonly List<HtmxRequestRecord> _requests = [];
    private readonly List<HttpResponseMessage> _responses = [];

    /// <summary>A browser over a client of your own, e.g. one on a real Kestrel address.</summary>
    /// <param name="client">
    /// Must not follow redirects itself (the browser records every hop) and must send <paramref name="cookies"/>.
    /// The browser owns it from now on and disposes it.
    /// </param>
    /// <param name="cookies">The cookie jar <paramref name="client"/> sends and fills.</param>
    public HtmxBrowser(HttpClient client, CookieContainer cookies)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(cookies);
        Client = client;
        Cookies = cookies;
    }

    /// <summary>This browser's cookie jar: read it to assert on cookies, add to it to plant one.</summary>
    public CookieContainer Cookies { get; }

    /// <summary>The client behind the browser, with its cookies, for a request a test crafts by hand.</summary>
    public HttpClient Client { get; }

    /// <summary>Every request this browser sent, oldest first, each redirect hop included.</summary>
    public IReadOnlyList<HtmxRequestRecord> Requests => _requests;

    /// <summary>A browser on the app under test, with its own cookie jar.</summary>
    /// <typeparam name="TEntryPoint">A type in the app's entry assembly, usually its <c>Program</c>.</typeparam>
    /// <param name="factory">The app, started in memory on its first client.</param>
    public static HtmxBrowser For<TEntryPoint>(WebApplicationFactory<TEntryPoint> factory)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        var jar = new CookieContainer();
        return new HtmxBrowser(factory.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(jar)), jar);
    }

    /// <summary>A browser over any handler (e.g. a TestServer's), with its own cookie jar.</summary>
    /// <param name="innerHandler">Must not follow redirects itself; the browser disposes it.</param>
    public static HtmxBrowser For(HttpMessageHandler innerHandler)
    {
        ArgumentNullException.ThrowIfNull(innerHandler);
        var jar = new CookieContainer();
        var client = new HttpClient(new CookieContainerHandler(jar) { InnerHandler = innerHandler })
        {
            BaseAddress = new Uri("http://localhost"),
        };
        return new HtmxBrowser(client, jar);
    }

    /// <summary>Navigates to a page, as typing its address would (redirects followed, cookies sent and kept).</summary>
    /// <param name="url">An address relative to the app's base address, e.g. <c>/login</c>.</param>
    public Task<HtmxPage> OpenAsync(string url) => OpenAsync(Resolve(url));

    /// <summary>Navigates to a page, as typing its address would (redirects followed, cookies sent and kept).</summary>
    /// <param name="url">An absolute address.</param>
    public async Task<HtmxPage> OpenAsync(Uri url)
    {
        var result = await SendAsync(HttpMethod.Get, url, null, new Dictionary<string, string>()).ConfigureAwait(false);
        return LoadPage(result);
    }

    /// <summary>Copies every cookie, so this browser can replay the other's session.</summary>
    /// <param name="other">The browser whose unexpired cookies this one gets.</param>
    public void CopyCookiesFrom(HtmxBrowser other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var cookie in other.Cookies.GetAllCookies().Where(c => !c.Expired))
        {
            // Fresh instances: a Cookie belongs to the container that holds it.
            Cookies.Add(new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain)
            {
                Expires = cookie.Expires,
                HttpOnly = cookie.HttpOnly,
                Secure = cookie.Secure,
            });
        }
    }

    /// <summary>Disposes the client and every response the pages kept.</summary>
    public void Dispose()
    {
        foreach (var response in _responses)
        {
            response.Dispose();
        }

        _responses.Clear();
        Client.Dispose();
    }

    internal Uri Resolve(string url) => new(Client.BaseAddress ?? new Uri("http://localhost"), url);

    internal HtmxPage LoadPage(HttpResult result) =>
        new(this, result.Url, result.Response, new HtmlParser().ParseDocument(result.Body));

    /// <summary>
    /// Sends a request and follows redirects the way both a navigation and an XHR do, so htmx requests
    /// (which never see a 3xx) keep their HX-* headers on every hop.
    /// </summary>
    internal async Task<HttpResult> SendAsync(
        HttpMethod method,
        Uri url,
        IReadOnlyList<KeyValuePair<string, string>>? form,
        IReadOnlyDictionary<string, string> headers)
    {
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            using var request = new HttpRequestMessage(method, url);
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            string? body = null;
            if (form is not null)
            {
                request.Content = new FormUrlEncodedContent(form);
                body = await request.Content.ReadAsStringAsync().ConfigureAwait(false);
            }

            var sent = SnapshotHeaders(request, url);
            var response = await Client.SendAsync(request).ConfigureAwait(false);
            _requests.Add(new HtmxRequestRecord(method, url, sent, body, response.StatusCode));

            if (RedirectTarget(response, url) is not { } next)
            {
                _responses.Add(response);
                var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                return new HttpResult(url, response, text);
            }

            response.Dispose();
            var status = (int)response.StatusCode;
            if (status is 303 || (status is 301 or 302 && method == HttpMethod.Post))
            {
                method = method == HttpMethod.Head ? method : HttpMethod.Get;
                form = null;
            }

            url = next;
        }

        throw new InvalidOperationException($"More than {MaxRedirects} redirects, last one to {url}.");
    }

    private static Uri? RedirectTarget(HttpResponseMessage response, Uri requestUrl) =>
        (int)response.StatusCode is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location
            ? new Uri(requestUrl, location)
            : null;

    private Dictionary<string, string> SnapshotHeaders(HttpRequestMessage request, Uri url)
    {
        var sent = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            sent[header.Key] = string.Join(", ", header.Value);
        }

        // The cookie handler adds this further down the pipeline, from the same jar.
        var cookie = Cookies.GetCookieHeader(url);
        if (cookie.Length > 0)
        {
            sent["Cookie"] = cookie;
        }

        return sent;
    }
}
