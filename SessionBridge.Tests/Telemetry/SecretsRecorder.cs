using System.Collections.Concurrent;
using System.Net;
using SessionBridge.Store;

namespace SessionBridge.Tests.Telemetry;

/// <summary>
/// Sits between a browser's cookie jar and the wire and keeps every secret that passes: each cookie value sent or set
/// (session, antiforgery, TempData with the login handoff), the session id each session token stands for, and what
/// the test adds itself (the password, the email, the antiforgery request token, a typed value).
/// </summary>
public sealed class SecretsRecorder : DelegatingHandler
{
    private readonly ConcurrentDictionary<string, string> _secrets = new(StringComparer.Ordinal);

    public SecretsRecorder() => InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false };

    /// <summary>Secret text → what it is (for the failure message).</summary>
    public IReadOnlyDictionary<string, string> Secrets => _secrets;

    public void Add(string what, string secret)
    {
        _secrets.TryAdd(secret, what);
        string decoded = WebUtility.UrlDecode(secret);
        _secrets.TryAdd(decoded, what + " (decoded)");
        if (SessionToken.TryRead(decoded) is { } token)
        {
            _secrets.TryAdd(token.Id, "session id of a " + what);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Headers.TryGetValues("Cookie", out var cookies))
        {
            foreach (string pair in cookies.SelectMany(header => header.Split("; ")))
            {
                AddCookie("cookie sent", pair);
            }
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (string setCookie in setCookies)
            {
                AddCookie("cookie set", setCookie.Split(';')[0]);
            }
        }

        return response;
    }

    private void AddCookie(string what, string pair)
    {
        int equals = pair.IndexOf('=', StringComparison.Ordinal);
        string name = pair[..equals];
        string value = pair[(equals + 1)..];
        if (value.Length >= 8)
        {
            Add($"{what} {name}", value);
        }
    }
}
