using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace SessionBridge.Security;

/// <summary>
/// The stock antiforgery logs a cookie it cannot decrypt as an error with a stack trace, on every request that carries
/// it. A cookie is the client's input, not our failure: the stock logs are turned off (see WebExtensions) and this
/// logs one line per request instead, naming what was refused but never a token.
/// </summary>
internal sealed class OneLineAntiforgery(IAntiforgery inner, IOptions<AntiforgeryOptions> options, ILogger<OneLineAntiforgery> logger) : IAntiforgery
{
    private static readonly object s_reported = new();

    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext)
    {
        var tokens = inner.GetAndStoreTokens(httpContext);

        // A new cookie token although the request had the cookie: the one it had was not ours (or not readable).
        if (tokens.CookieToken is not null && httpContext.Request.Cookies.ContainsKey(options.Value.Cookie.Name!)
            && httpContext.Items.TryAdd(s_reported, true))
        {
            logger.AntiforgeryCookieReplaced(ClientText.ForLog(httpContext.Request.Path));
        }

        return tokens;
    }

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) => inner.GetTokens(httpContext);

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => inner.IsRequestValidAsync(httpContext);

    public async Task ValidateRequestAsync(HttpContext httpContext)
    {
        try
        {
            await inner.ValidateRequestAsync(httpContext);
        }
        catch (AntiforgeryValidationException ex)
        {
            logger.AntiforgeryRefused(ClientText.ForLog(httpContext.Request.Method), ClientText.ForLog(httpContext.Request.Path), ex.Message);
            throw;
        }
    }

    public void SetCookieTokenAndHeader(HttpContext httpContext) => inner.SetCookieTokenAndHeader(httpContext);
}
