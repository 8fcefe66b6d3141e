using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace SessionBridge.Web.Security;

/// <summary>
/// Remembers, for a few minutes, the requests the stock antiforgery has accepted. A tab sends the same (cookie token,
/// request token) pair with every htmx request it makes, and validating it costs two Data Protection decryptions: a
/// third of an htmx save (docs/benchmarks.md). What it guarantees:
/// <list type="bullet">
/// <item>A request is let through from memory only if the stock validation accepted the same cookie token, the same
/// request token (read exactly as the stock token store reads it: header first, then the form field) and the same
/// user. The stock validation compares the token with the signed-in user (its claims, or its name), so the user's
/// identities and claims are part of what is remembered: a pair accepted for one user is validated, and refused,
/// for anyone else, the anonymous visitor included. A refused pair is never remembered.</item>
/// <item>No token is kept: only an HMAC-SHA256 of the three (with a key made at start and never stored), 32 bytes.</item>
/// <item>An app that registers its own <see cref="IAntiforgeryAdditionalDataProvider"/> checks something about each
/// request that a pair cannot stand for, so then nothing is remembered and every request goes to the stock
/// validation.</item>
/// <item>At most <see cref="Capacity"/> requests are kept; a client minting pairs to fill it only pushes others back to
/// the stock validation.</item>
/// </list>
/// </summary>
public sealed class RememberedAntiforgery : IAntiforgery, IDisposable
{
    public const int Capacity = 10_000;

    /// <summary>How long a pair is trusted without decrypting it again: far shorter than a Data Protection key lives.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly IAntiforgery _inner;
    private readonly AntiforgeryOptions _options;
    private readonly bool _remembers;
    private readonly byte[] _hashKey = RandomNumberGenerator.GetBytes(32);
    private readonly MemoryCache _validated = new(new MemoryCacheOptions { SizeLimit = Capacity });

    /// <param name="inner">The stock antiforgery (or a wrapper of it) that does the real validation.</param>
    /// <param name="options">The antiforgery options: where the cookie and the request token are read from.</param>
    /// <param name="additionalData">The app's additional data provider, if it registered one.</param>
    public RememberedAntiforgery(IAntiforgery inner, IOptions<AntiforgeryOptions> options, IAntiforgeryAdditionalDataProvider? additionalData = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _inner = inner;
        _options = options.Value;

        // The framework registers its own provider, which adds nothing and accepts only nothing: that one a pair covers.
        _remembers = additionalData is null || additionalData.GetType().Assembly == typeof(IAntiforgery).Assembly;
    }

    public AntiforgeryTokenSet GetAndStoreTokens(HttpContext httpContext) => _inner.GetAndStoreTokens(httpContext);

    public AntiforgeryTokenSet GetTokens(HttpContext httpContext) => _inner.GetTokens(httpContext);

    public Task<bool> IsRequestValidAsync(HttpContext httpContext) => _inner.IsRequestValidAsync(httpContext);

    public async Task ValidateRequestAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        string? key = _remembers ? await KeyOfAsync(httpContext) : null;
        if (key is not null && _validated.TryGetValue(key, out _))
        {
            return;
        }

        await _inner.ValidateRequestAsync(httpContext);
        if (key is not null)
        {
            _validated.Set(key, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = Lifetime });
        }
    }

    public void SetCookieTokenAndHeader(HttpContext httpContext) => _inner.SetCookieTokenAndHeader(httpContext);

    public void Dispose() => _validated.Dispose();

    private async Task<string?> KeyOfAsync(HttpContext httpContext)
    {
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
        if (string.IsNullOrEmpty(request))
        {
            return null;
        }

        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _hashKey);
        Append(hmac, cookie);
        Append(hmac, request);
        AppendUser(hmac, httpContext.User);
        Span<byte> digest = stackalloc byte[32];
        hmac.GetHashAndReset(digest);
        return Convert.ToBase64String(digest);
    }

    /// <summary>
    /// Everything the stock validation may read of the user (it takes the claims of the authenticated identities, or
    /// the name when they have none), and more: remembering too little would let one user's pair pass for another's.
    /// </summary>
    private static void AppendUser(IncrementalHash hmac, ClaimsPrincipal? user)
    {
        var identities = user?.Identities.ToList() ?? [];
        Append(hmac, identities.Count);
        foreach (var identity in identities)
        {
            var claims = identity.Claims.ToList();
            Append(hmac, identity.IsAuthenticated ? 1 : 0);
            Append(hmac, identity.AuthenticationType);
            Append(hmac, identity.NameClaimType);
            Append(hmac, identity.Name);
            Append(hmac, claims.Count);
            foreach (var claim in claims)
            {
                Append(hmac, claim.Type);
                Append(hmac, claim.Value);
                Append(hmac, claim.ValueType);
                Append(hmac, claim.Issuer);
                Append(hmac, claim.OriginalIssuer);
            }
        }
    }

    // Each string is preceded by its length (-1 for none) and each list by its count, so no two different
    // sequences of fields hash alike.
    private static void Append(IncrementalHash hmac, string? field)
    {
        Append(hmac, field?.Length ?? -1);
        hmac.AppendData(MemoryMarshal.AsBytes((field ?? string.Empty).AsSpan()));
    }

    private static void Append(IncrementalHash hmac, int number)
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, number);
        hmac.AppendData(bytes);
    }
}
