using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace SessionBridge.Security;

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
/// <item>No token is kept: only a SHA-256 of the three, salted with 32 random bytes made at start.</item>
/// <item>An app that registers its own <see cref="IAntiforgeryAdditionalDataProvider"/> checks something about each
/// request that a pair cannot stand for, so then nothing is remembered and every request goes to the stock
/// validation.</item>
/// <item>At most <see cref="Capacity"/> requests are kept; a client minting pairs to fill it only pushes others back to
/// the stock validation.</item>
/// </list>
/// </summary>
internal sealed class RememberedAntiforgery : IAntiforgery, IDisposable
{
    public const int Capacity = 10_000;

    /// <summary>How long a pair is trusted without decrypting it again: far shorter than a Data Protection key lives.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly IAntiforgery _inner;
    private readonly AntiforgeryOptions _options;
    private readonly bool _remembers;
    private readonly byte[] _salt = RandomNumberGenerator.GetBytes(32);
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
        return string.IsNullOrEmpty(request) ? null : KeyOf(cookie, request, httpContext.User);
    }

    /// <summary>
    /// A salted SHA-256 of the cookie token, the request token and everything the stock validation may read of the user
    /// (it takes the claims of the authenticated identities, or the name when they have none), and more: remembering
    /// too little would let one user's pair pass for another's. One hash over one buffer: an incremental HMAC, fed
    /// field by field, cost about four times as much per request when measured, and the salt, random and never shown,
    /// already keeps a key from being worked out from the tokens.
    /// </summary>
    private string KeyOf(string cookie, string request, ClaimsPrincipal? user)
    {
        var measure = new KeyWriter([]);
        Describe(ref measure, cookie, request, user);
        byte[] rented = ArrayPool<byte>.Shared.Rent(measure.Length);
        try
        {
            var writer = new KeyWriter(rented);
            Describe(ref writer, cookie, request, user);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(rented.AsSpan(0, writer.Length), digest);
            return Convert.ToBase64String(digest);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    private void Describe(ref KeyWriter writer, string cookie, string request, ClaimsPrincipal? user)
    {
        writer.Add(_salt);
        writer.Add(cookie);
        writer.Add(request);
        foreach (var identity in user?.Identities ?? [])
        {
            writer.Add(1);
            writer.Add(identity.IsAuthenticated ? 1 : 0);
            writer.Add(identity.AuthenticationType);
            writer.Add(identity.NameClaimType);
            writer.Add(identity.Name);
            foreach (var claim in identity.Claims)
            {
                writer.Add(1);
                writer.Add(claim.Type);
                writer.Add(claim.Value);
                writer.Add(claim.ValueType);
                writer.Add(claim.Issuer);
                writer.Add(claim.OriginalIssuer);
            }

            writer.Add(0);
        }

        writer.Add(0);
    }

    /// <summary>
    /// Writes the fields one after the other (or, over an empty buffer, only counts their bytes). Each string is
    /// preceded by its length (-1 for none) and each item of a list by a 1, the list ending with a 0, so no two
    /// different sequences of fields give the same bytes.
    /// </summary>
    private ref struct KeyWriter(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;

        public int Length { get; private set; }

        public void Add(int number)
        {
            if (!_buffer.IsEmpty)
            {
                BinaryPrimitives.WriteInt32LittleEndian(_buffer[Length..], number);
            }

            Length += sizeof(int);
        }

        public void Add(string? text)
        {
            Add(text?.Length ?? -1);
            Add(MemoryMarshal.AsBytes(text.AsSpan()));
        }

        public void Add(ReadOnlySpan<byte> bytes)
        {
            if (!_buffer.IsEmpty)
            {
                bytes.CopyTo(_buffer[Length..]);
            }

            Length += bytes.Length;
        }
    }
}
