using System.Globalization;
using System.Text;

namespace SessionBridge.Web.Bridge.Keys;

/// <summary>One row of the table: the key, its current value (the default until written), and when it was written.</summary>
public sealed record SessionRow(SessionKey Key, string Value, DateTimeOffset? UpdatedAt)
{
    public bool IsTrue => Value == "true";
}

public enum SessionWriteOutcome
{
    Saved,
    UnknownKey,
    Invalid,
}

public sealed record SessionWrite(SessionWriteOutcome Outcome, SessionRow? Row, string? Error);

/// <summary>
/// The session data table over <see cref="ISession"/>: rows keyed by (session id, key), each stored as its own session
/// key so that a write touches that row only. A row is stored as "{unix seconds, hex}|{value}" to keep its write time
/// with it in few bytes.
/// Writes are staged in the session; the caller commits, so a failed commit is reported, never swallowed.
/// </summary>
public sealed class SessionDataTable(SessionKeyRegistry registry, TimeProvider time)
{
    public IReadOnlyList<SessionRow> Read(ISession session) => [.. registry.Keys.Select(key => ReadRow(session, key))];

    public SessionRow? Read(ISession session, string name) => registry.Find(name) is { } key ? ReadRow(session, key) : null;

    public string Value(ISession session, string name) => Read(session, name)?.Value
        ?? throw new ArgumentException($"'{name}' is not a registered session key.", nameof(name));

    public SessionWrite Write(ISession session, string name, string? input)
    {
        if (registry.Find(name) is not { } key)
        {
            return new SessionWrite(SessionWriteOutcome.UnknownKey, null, $"'{name}' is not a session key.");
        }

        var (value, error) = input is null ? (null, $"{key.Label}: no value was sent.") : key.Validate(input);
        if (error is not null)
        {
            // The row keeps showing what is stored; only a text field keeps what was typed, so it can be corrected.
            var stored = ReadRow(session, key);
            return new SessionWrite(SessionWriteOutcome.Invalid, key.Type == SessionKeyType.Text && input is not null ? stored with { Value = input } : stored, error);
        }

        var updatedAt = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        session.Set(key.Name, EncodeRow(updatedAt, value!));
        return new SessionWrite(SessionWriteOutcome.Saved, new SessionRow(key, value!, updatedAt), null);
    }

    /// <summary>What a row is stored as (see the class summary).</summary>
    internal static byte[] EncodeRow(DateTimeOffset updatedAt, string value) =>
        Encoding.UTF8.GetBytes(updatedAt.ToUnixTimeSeconds().ToString("x", CultureInfo.InvariantCulture) + "|" + value);

    private static SessionRow ReadRow(ISession session, SessionKey key)
    {
        if (session.TryGetValue(key.Name, out byte[]? stored))
        {
            string text = Encoding.UTF8.GetString(stored);
            int bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && long.TryParse(text.AsSpan(0, bar), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long seconds)
                && key.Validate(text[(bar + 1)..]).Error is null)
            {
                return new SessionRow(key, text[(bar + 1)..], DateTimeOffset.FromUnixTimeSeconds(seconds));
            }
        }

        return new SessionRow(key, key.Default, null);
    }
}
