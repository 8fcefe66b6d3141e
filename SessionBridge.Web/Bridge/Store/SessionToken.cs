using System.Buffers.Text;
using System.Security.Cryptography;

namespace SessionBridge.Web.Bridge.Store;

/// <summary>
/// The session cookie holds a random 256-bit token; the store knows only a hash of it (the session id: the first 128
/// bits of its SHA-256, 22 characters, short enough to keep a Redis key in its smallest allocation). A leaked store
/// or log line does not let anyone in, and checking a cookie costs one hash instead of a Data Protection decryption.
/// </summary>
public static class SessionToken
{
    private const int TokenBytes = 32;

    public static (string Token, string Id) Create()
    {
        Span<byte> token = stackalloc byte[TokenBytes];
        RandomNumberGenerator.Fill(token);
        return (Base64Url.EncodeToString(token), IdOf(token));
    }

    /// <summary>The session id of a cookie value, or null when the value is not a token we could have issued.</summary>
    public static string? TryGetId(string? cookieValue)
    {
        if (cookieValue is null || cookieValue.Length != Base64Url.GetEncodedLength(TokenBytes))
        {
            return null;
        }

        Span<byte> token = stackalloc byte[TokenBytes];
        return Base64Url.TryDecodeFromChars(cookieValue, token, out int written) && written == TokenBytes
            ? IdOf(token)
            : null;
    }

    /// <summary>A short, non-reversible tag of a session id for log lines.</summary>
    public static string LogTag(string? sessionId) => sessionId is null ? "-" : sessionId[..12];

    private static string IdOf(ReadOnlySpan<byte> token)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(token, hash);
        return Base64Url.EncodeToString(hash[..16]);
    }
}
