using System.Globalization;
using System.Text;

namespace SessionBridge.Web.Bridge.Store;

/// <summary>
/// <see cref="SessionInfo"/> packed into the one reserved hash field "@" of a Redis session. Every byte here is paid
/// once per session (the budget is 300 B of Redis memory for a session of five short keys), so it is text that stays
/// readable in redis-cli but short: unix-ms numbers, times after the first one as deltas, '|' between fields, and
/// trailing empty fields left out.
/// <code>
/// created|lastSeen-created|absoluteExpiry-created|flags|signedIn-created|userId|ip|device
/// 1767225600000|0|7776000000                                        (a visitor: 26 bytes)
/// 1767225600000|61000|7776000000|p|0|alice|127.0.0.1|Firefox on Linux  (signed in, remembered)
/// </code>
/// flags is "p" for a persistent ("remember this device") session, empty otherwise. In the strings a '\' or '|' is
/// escaped with '\'. An empty string reads back as null (no user id, ip or device is ever the empty string).
/// </summary>
internal static class RedisSessionInfoFormat
{
    private const char Separator = '|';
    private const char Escape = '\\';
    private const int FieldCount = 8;

    public static string Format(SessionInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        long created = info.CreatedAt.ToUnixTimeMilliseconds();
        string[] fields =
        [
            created.ToString(CultureInfo.InvariantCulture),
            Delta(info.LastSeenAt, created),
            Delta(info.AbsoluteExpiresAt, created),
            info.Persistent ? "p" : string.Empty,
            info.SignedInAt is { } signedIn ? Delta(signedIn, created) : string.Empty,
            Escaped(info.UserId),
            Escaped(info.Ip),
            Escaped(info.Device),
        ];

        int used = FieldCount;
        while (used > 1 && fields[used - 1].Length == 0)
        {
            used--;
        }

        return string.Join(Separator, fields, 0, used);
    }

    /// <summary>The info, or null when the text is not in this format (a corrupted or foreign field).</summary>
    public static SessionInfo? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var fields = Split(text);
        if (fields.Count < 3 || fields.Count > FieldCount)
        {
            return null;
        }

        while (fields.Count < FieldCount)
        {
            fields.Add(string.Empty);
        }

        if (!TryNumber(fields[0], out long created) || !TryNumber(fields[1], out long lastSeen) || !TryNumber(fields[2], out long absolute)
            || fields[3] is not ("" or "p"))
        {
            return null;
        }

        DateTimeOffset? signedInAt = null;
        if (fields[4].Length > 0)
        {
            if (!TryNumber(fields[4], out long signedIn))
            {
                return null;
            }

            signedInAt = At(created + signedIn);
        }

        return new SessionInfo(
            NullIfEmpty(fields[5]),
            At(created),
            At(created + lastSeen),
            At(created + absolute),
            fields[3] == "p",
            signedInAt,
            NullIfEmpty(fields[7]),
            NullIfEmpty(fields[6]));
    }

    private static string Delta(DateTimeOffset at, long created) =>
        (at.ToUnixTimeMilliseconds() - created).ToString(CultureInfo.InvariantCulture);

    private static DateTimeOffset At(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);

    private static bool TryNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;

    private static string Escaped(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.AsSpan().IndexOfAny(Separator, Escape) < 0)
        {
            return text ?? string.Empty;
        }

        var escaped = new StringBuilder(text.Length + 4);
        foreach (char c in text)
        {
            if (c is Separator or Escape)
            {
                escaped.Append(Escape);
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    private static List<string> Split(string text)
    {
        var fields = new List<string>(FieldCount);
        var field = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == Escape && i + 1 < text.Length)
            {
                field.Append(text[++i]);
            }
            else if (c == Separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
