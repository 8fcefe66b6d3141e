using System.Text.RegularExpressions;

namespace SessionBridge.Bench;

/// <summary>
/// An HttpClient that keeps cookies like a browser behind a TLS-terminating proxy: every request says
/// X-Forwarded-Proto: https (the apps trust a loopback proxy), so the apps set Secure cookies, which a CookieContainer
/// would not send over the plain-HTTP loopback hop; hence this small jar of its own. Used to prepare what wrk then
/// repeats: a session holding a display name, and an antiforgery cookie with its token.
/// </summary>
internal sealed partial class BrowserClient : IDisposable
{
    public const string ForwardedProto = "X-Forwarded-Proto: https";

    private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);
    private readonly HttpClient _client;

    public BrowserClient(Uri baseUrl) =>
        _client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = baseUrl };

    public string? Token { get; private set; }

    public string Cookie(string name) => _cookies[name];

    /// <summary>The Cookie header the browser would send now.</summary>
    public string CookieHeader => string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value));

    /// <summary>GETs a page and keeps the antiforgery token of its first form (or the whole body, for /stock/token).</summary>
    public async Task<string> GetAsync(string path)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative)));
        string body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
        }

        Token = TokenField().Match(body) is { Success: true } match ? match.Groups[1].Value : body.Trim();
        return body;
    }

    public async Task<HttpResponseMessage> PostAsync(string path, IReadOnlyDictionary<string, string> form, bool htmx, string? target = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(form.Append(new("__RequestVerificationToken", Token!))),
        };
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }

        if (target is not null)
        {
            request.Headers.Add("HX-Target", target);
        }

        return await SendAsync(request);
    }

    public void Dispose() => _client.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        using (request)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", CookieHeader);
            }

            var response = await _client.SendAsync(request);
            foreach (string setCookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                // name=value; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT (a deletion)
                string pair = setCookie.Split(';')[0];
                string name = pair[..pair.IndexOf('=', StringComparison.Ordinal)];
                if (setCookie.Contains("1970", StringComparison.Ordinal))
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = pair[(name.Length + 1)..];
                }
            }

            return response;
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
