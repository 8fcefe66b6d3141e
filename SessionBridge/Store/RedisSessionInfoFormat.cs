using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SessionBridge.Sessions;

namespace SessionBridge.Store;

/// <summary>
/// <see cref="SessionInfo"/> packed into the one reserved hash field "@" of a Redis session, as bytes. Every byte here
/// is paid once per session (the budget is 300 B of Redis memory per session) and Redis allocates in steps of 16 B, so
/// it is binary rather than readable: a visitor packs into 13 bytes, a session that just signed in with a short user
/// id and an IPv4 address into 23, which keeps the whole hash of a session with a display name in jemalloc's 64 B class
/// (the readable text it replaced took 26 and 60 bytes: 80 and 112 B classes). Nor does it come near the 64-byte value
/// that turns the whole hash from a listpack into a hashtable (~200 B more), as the text did for a session signed in
/// from a public address with a browser's label (75 bytes), a GUID user id or an IPv6 address. That text is not read
/// any more: no data of it was ever deployed.
/// <code>
/// flags | created | lastSeen-created | absoluteExpiry-created | [signedIn-created] | [ip] | [device] | [userId]
/// </code>
/// Times are unix milliseconds, exact; each number is a zigzag LEB128 varint (1 byte up to ±63, 6 for a unix-ms
/// time). flags say what follows: <see cref="Flags"/>. The ip is 4 or 16 bytes when the text is an address's own
/// spelling, otherwise text; the device is its one-byte <see cref="DeviceLabel.Code"/> when it has one, otherwise 0
/// and text; the user id is 16 bytes when it is a GUID, otherwise text. Text is a varint byte count and UTF-8, except
/// the user id's, last, which runs to the end.
/// <para>
/// That layout is format version 0 (main 46d09bd wrote it, unversioned): it is read as such forever. It never opens
/// with a byte that has both user bits or both signed-in bits set, so <see cref="Envelope"/> (0xFF) can open every
/// later version: <c>0xFF | version | payload</c>. A node refuses a version it does not know (the session is not
/// resumed on that node, the field is left as it is, the version is logged once) rather than misread it.
/// <see cref="Format"/> writes <see cref="WrittenVersion"/>; raising it takes two releases: one that reads the new
/// version, deployed everywhere, then one that writes it (a rolling deploy runs the previous release beside this one on
/// the same sessions). The bytes 46d09bd wrote are kept as test fixtures that every version must read.
/// </para>
/// </summary>
internal static class RedisSessionInfoFormat
{
    /// <summary>The first byte of every version after 0: one that version 0 never writes (both user bits set).</summary>
    public const byte Envelope = 0xFF;

    /// <summary>The version <see cref="Format"/> writes: the newest one every node of a rolling deploy reads.</summary>
    public const int WrittenVersion = 0;

    /// <summary>The newest version <see cref="Parse"/> reads.</summary>
    public const int ReadVersion = 0;

    [Flags]
    private enum Flags : byte
    {
        None = 0,
        Persistent = 0x01,

        /// <summary>Signed in when the session was created (what a sign-in does: it rotates the session): no time follows.</summary>
        SignedInAtCreation = 0x02,
        SignedInAtDelta = 0x04,
        SignedIn = SignedInAtCreation | SignedInAtDelta,
        IpV4 = 0x08,
        IpV6 = 0x10,
        IpText = IpV4 | IpV6,

        /// <summary>A <see cref="DeviceLabel.Code"/> follows, or 0 and then the device as text.</summary>
        Device = 0x20,
        UserText = 0x40,

        /// <summary>The user id is a GUID in its own lower-case spelling (ASP.NET Core Identity's ids): 16 bytes, not 36.</summary>
        UserGuid = 0x80,
        User = UserText | UserGuid,
    }

    /// <summary>The info in version <see cref="WrittenVersion"/>.</summary>
    public static byte[] Format(SessionInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var buffer = new ArrayBufferWriter<byte>(32);
        var flags = info.Persistent ? Flags.Persistent : Flags.None;
        buffer.Write([(byte)0]); // the flags, known once everything is written

        long created = info.CreatedAt.ToUnixTimeMilliseconds();
        WriteNumber(buffer, created);
        WriteNumber(buffer, info.LastSeenAt.ToUnixTimeMilliseconds() - created);
        WriteNumber(buffer, info.AbsoluteExpiresAt.ToUnixTimeMilliseconds() - created);
        if (info.SignedInAt is { } signedIn)
        {
            long delta = signedIn.ToUnixTimeMilliseconds() - created;
            flags |= delta == 0 ? Flags.SignedInAtCreation : Flags.SignedInAtDelta;
            if (delta != 0)
            {
                WriteNumber(buffer, delta);
            }
        }

        if (info.Ip is { } ip)
        {
            if (AddressBytes(ip) is { } address)
            {
                flags |= address.Length == 4 ? Flags.IpV4 : Flags.IpV6;
                buffer.Write(address);
            }
            else
            {
                flags |= Flags.IpText;
                WriteText(buffer, ip, counted: true);
            }
        }

        if (info.Device is { } device)
        {
            flags |= Flags.Device;
            byte code = DeviceLabel.Code(device) ?? 0;
            buffer.Write([code]);
            if (code == 0)
            {
                WriteText(buffer, device, counted: true);
            }
        }

        if (info.UserId is { } userId)
        {
            if (Guid.TryParseExact(userId, "D", out var guid) && guid.ToString("D") == userId)
            {
                flags |= Flags.UserGuid;
                buffer.Write(guid.ToByteArray());
            }
            else
            {
                flags |= Flags.UserText;
                WriteText(buffer, userId, counted: false);
            }
        }

        byte[] packed = buffer.WrittenSpan.ToArray();
        packed[0] = (byte)flags;
        return packed;
    }

    /// <summary>
    /// The format version of a stored field: 0 for the unversioned layout, the envelope's version byte otherwise, or null
    /// for an envelope cut short.
    /// </summary>
    public static int? VersionOf(ReadOnlySpan<byte> packed) =>
        packed.IsEmpty || packed[0] != Envelope ? 0 : packed.Length > 1 ? packed[1] : null;

    /// <summary>
    /// The info, or null when the bytes are not in a version this node reads (see <see cref="VersionOf"/>) or not in this
    /// format at all (a corrupted or foreign field).
    /// </summary>
    public static SessionInfo? Parse(ReadOnlySpan<byte> packed) =>
        VersionOf(packed) == 0 ? ParseVersion0(packed) : null;

    private static SessionInfo? ParseVersion0(ReadOnlySpan<byte> packed)
    {
        if (packed.IsEmpty)
        {
            return null;
        }

        var flags = (Flags)packed[0];
        var rest = packed[1..];
        if ((flags & Flags.SignedIn) == Flags.SignedIn || (flags & Flags.User) == Flags.User
            || !TryReadNumber(ref rest, out long created) || !TryReadNumber(ref rest, out long lastSeen) || !TryReadNumber(ref rest, out long absolute))
        {
            return null;
        }

        long? signedIn = flags.HasFlag(Flags.SignedInAtCreation) ? 0 : null;
        if (flags.HasFlag(Flags.SignedInAtDelta))
        {
            if (!TryReadNumber(ref rest, out long delta))
            {
                return null;
            }

            signedIn = delta;
        }

        string? ip = null;
        var ipKind = flags & Flags.IpText;
        if (ipKind != Flags.None
            && !(ipKind == Flags.IpText ? TryReadText(ref rest, out ip) : TryReadAddress(ref rest, ipKind == Flags.IpV4 ? 4 : 16, out ip)))
        {
            return null;
        }

        string? device = null;
        if (flags.HasFlag(Flags.Device))
        {
            if (rest.IsEmpty)
            {
                return null;
            }

            byte code = rest[0];
            rest = rest[1..];
            device = code == 0 ? (TryReadText(ref rest, out string? text) ? text : null) : DeviceLabel.FromCode(code);
            if (device is null)
            {
                return null;
            }
        }

        string? userId = null;
        if (flags.HasFlag(Flags.UserText))
        {
            userId = Encoding.UTF8.GetString(rest);
        }
        else if (flags.HasFlag(Flags.UserGuid) && rest.Length == 16)
        {
            userId = new Guid(rest).ToString("D");
        }
        else if (!rest.IsEmpty || flags.HasFlag(Flags.UserGuid))
        {
            return null;
        }

        try
        {
            return new SessionInfo(
                userId,
                At(created),
                At(checked(created + lastSeen)),
                At(checked(created + absolute)),
                flags.HasFlag(Flags.Persistent),
                signedIn is { } delta ? At(checked(created + delta)) : null,
                device,
                ip);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>The address's bytes when the text is exactly how .NET spells that address (no scope, no leading zeros).</summary>
    private static byte[]? AddressBytes(string ip) =>
        IPAddress.TryParse(ip, out var address) && address.ToString() == ip
        && (address.AddressFamily == AddressFamily.InterNetwork || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId == 0))
            ? address.GetAddressBytes()
            : null;

    private static bool TryReadAddress(ref ReadOnlySpan<byte> rest, int length, out string? ip)
    {
        ip = null;
        if (rest.Length < length)
        {
            return false;
        }

        ip = new IPAddress(rest[..length]).ToString();
        rest = rest[length..];
        return true;
    }

    private static void WriteText(ArrayBufferWriter<byte> buffer, string text, bool counted)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        if (counted)
        {
            WriteNumber(buffer, bytes.Length);
        }

        buffer.Write(bytes);
    }

    private static bool TryReadText(ref ReadOnlySpan<byte> rest, out string? text)
    {
        text = null;
        if (!TryReadNumber(ref rest, out long length) || length < 0 || length > rest.Length)
        {
            return false;
        }

        text = Encoding.UTF8.GetString(rest[..(int)length]);
        rest = rest[(int)length..];
        return true;
    }

    // Zigzag, so a small negative delta (a sign-in before the session's creation) is as short as a small positive one.
    private static void WriteNumber(ArrayBufferWriter<byte> buffer, long value)
    {
        ulong zigzag = (ulong)((value << 1) ^ (value >> 63));
        Span<byte> span = buffer.GetSpan(10);
        int i = 0;
        while (zigzag >= 0x80)
        {
            span[i++] = (byte)(zigzag | 0x80);
            zigzag >>= 7;
        }

        span[i++] = (byte)zigzag;
        buffer.Advance(i);
    }

    private static bool TryReadNumber(ref ReadOnlySpan<byte> rest, out long value)
    {
        ulong zigzag = 0;
        for (int i = 0; i < rest.Length && i < 10; i++)
        {
            zigzag |= (ulong)(rest[i] & 0x7F) << (7 * i);
            if (rest[i] < 0x80)
            {
                rest = rest[(i + 1)..];
                value = (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
                return true;
            }
        }

        value = 0;
        return false;
    }

    private static DateTimeOffset At(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);
}
