using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;

namespace SessionBridge.Store;

/// <summary>
/// The session cookie holds a random 256-bit token; the store knows only a hash of it (the session id: the first 128
/// bits of its SHA-256, 22 characters, short enough to keep a Redis key in its smallest allocation). A leaked store
/// or log line does not let anyone in, and checking a cookie costs one hash instead of a Data Protection decryption.
/// The lowest bit of the first byte says whether the token was issued to a signed-in session: when the session has
/// ended, a signed-in one is sent to sign in again while a visitor simply carries on as a new visitor. A client that
/// flips the bit changes only which of those two harmless answers it gets (the hash, and so the session, changes too).
/// </summary>
internal static class SessionToken
{
    private const int TokenBytes = 32;

    public static int EncodedLength { get; } = Base64Url.GetEncodedLength(TokenBytes);

    public static (string Token, string Id) Create(bool signedIn = false)
    {
        Span<byte> token = stackalloc byte[TokenBytes];
        RandomNumberGenerator.Fill(token);
        token[0] = (byte)((token[0] & 0xFE) | (signedIn ? 1 : 0));
        return (Base64Url.EncodeToString(token), IdOf(token));
    }

    /// <summary>
    /// What a cookie value names, or null when it is not a token we could have issued. Never throws: the cookie is
    /// whatever the client sent, and Base64Url.TryDecodeFromChars throws on invalid input, so this uses the
    /// OperationStatus overload.
    /// </summary>
    public static PresentedToken? TryRead(string? cookieValue)
    {
        if (cookieValue is null || cookieValue.Length != EncodedLength)
        {
            return null;
        }

        Span<byte> token = stackalloc byte[TokenBytes];
        var status = Base64Url.DecodeFromChars(cookieValue, token, out int consumed, out int written);
        if (status != OperationStatus.Done || consumed != cookieValue.Length || written != TokenBytes)
        {
            return null;
        }

        return new PresentedToken(IdOf(token), (token[0] & 1) == 1);
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
