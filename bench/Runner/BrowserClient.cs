using System.Net;
using System.Text.RegularExpressions;

namespace SessionBridge.Bench;

/// <summary>
/// An HttpClient with its own cookie jar, used to prepare what wrk then repeats: a session holding a display name,
/// and an antiforgery cookie with its token.
/// </summary>
internal sealed partial class BrowserClient : IDisposable
{
    private readonly CookieContainer _cookies = new();
    private readonly HttpClient _client;
    private readonly Uri _baseUrl;

    public BrowserClient(Uri baseUrl)
    {
        _baseUrl = baseUrl;
        _client = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = baseUrl };
    }

    public string? Token { get; private set; }

    /// <summary>The Cookie header the browser would send now.</summary>
    public string CookieHeader => _cookies.GetCookieHeader(_baseUrl);

    public void Forget(string cookieName)
    {
        foreach (Cookie cookie in _cookies.GetCookies(_baseUrl))
        {
            if (cookie.Name == cookieName)
            {
                cookie.Expired = true;
            }
        }
    }

    /// <summary>GETs a page and keeps the antiforgery token of its first form (or the whole body, for /stock/token).</summary>
    public async Task<string> GetAsync(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        string body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
        }

        Token = TokenField().Match(body) is { Success: true } match ? match.Groups[1].Value : body.Trim();
        return body;
    }

    public async Task<HttpResponseMessage> PostAsync(string path, IReadOnlyDictionary<string, string> form, bool htmx)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(form.Append(new("__RequestVerificationToken", Token!))),
        };
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }

        return await _client.SendAsync(request);
    }

    public async Task<HttpResponseMessage> GetResponseAsync(string path) => await _client.GetAsync(new Uri(path, UriKind.Relative));

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
