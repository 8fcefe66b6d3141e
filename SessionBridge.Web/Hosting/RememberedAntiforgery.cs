using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace SessionBridge.Web.Hosting;

/// <summary>
/// Remembers, for a few minutes, the (cookie token, request token) pairs the stock antiforgery has validated. A tab
/// sends the same pair with every htmx request it makes (the page's token, the browser's cookie), and validating it
/// costs two Data Protection decryptions: a third of an htmx save (docs/benchmarks.md). A pair is only remembered once
/// the stock validation accepted it, exactly as the stock token store reads it (header first, then the form field);
/// anything else, a refused pair included, goes to the stock validation every time. Requests of an authenticated
/// ClaimsPrincipal always do, because their tokens are also bound to the user. At most <see cref="Capacity"/> pairs
/// are kept; a client minting pairs to fill it only pushes others back to the stock validation.
/// </summary>
public sealed class RememberedAntiforgery(IAntiforgery inner, IOptions<AntiforgeryOptions> options) : IAntiforgery, IDisposable
{
    public const int Capacity = 10_000;

    /// <summary>How long a pair is trusted without decrypting it again: far shorter than a Data Protection key lives.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly AntiforgeryOptions _options = options.Value;
    private readonly MemoryCache _validated = new(new MemoryCacheOptions { SizeLimit = Capacity });

    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext) => inner.GetAndStoreTokens(httpContext);

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) => inner.GetTokens(httpContext);

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => inner.IsRequestValidAsync(httpContext);

    public async Task ValidateRequestAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        string? pair = await PairOfAsync(httpContext);
        if (pair is not null && _validated.TryGetValue(pair, out _))
        {
            return;
        }

        await inner.ValidateRequestAsync(httpContext);
        if (pair is not null)
        {
            _validated.Set(pair, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        }
    }

    public void SetCookieTokenAndHeader(HttpContext httpContext) => inner.SetCookieTokenAndHeader(httpContext);

    public void Dispose() => _validated.Dispose();

    private async Task<string?> PairOfAsync(HttpContext httpContext)
    {
        if (httpContext.User.Identity?.IsAuthenticated == true)
        {
            return null;
        }

        string? cookie = httpContext.Request.Cookies[_options.Cookie.Name!];
        if (string.IsNullOrEmpty(cookie))
        {
            return null;
        }

        var token = _options.HeaderName is null ? default : httpContext.Request.Headers[_options.HeaderName];
        if (token.Count == 0 && httpContext.Request.HasFormContentType && !_options.SuppressReadingTokenFromFormBody)
        {
            try
            {
                token = (await httpContext.Request.ReadFormAsync(httpContext.RequestAborted)).TryGetValue(_options.FormFieldName, out var field) ? field : default;
            }
            catch (InvalidDataException)
            {
                return null;
            }
        }

        string? request = token.ToString();
        return string.IsNullOrEmpty(request) ? null : cookie + "\n" + request;
    }
}
