using System.Globalization;
using System.Text;
using SessionBridge.Events;
using SessionBridge.Sessions;
using SessionBridge.Store;
using SessionBridge.Telemetry;
using static SessionBridge.Telemetry.SessionBridgeTelemetry;

namespace SessionBridge.Keys;

/// <summary>
/// The session data table over <see cref="ISession"/>: rows keyed by (session id, key), each stored as its own session
/// key so that a write touches that row only. A row is stored as "{unix seconds, hex}|{value}" to keep its write time
/// with it in few bytes. <see cref="SaveAsync"/> is the one way to change a row: it validates, stores (a failed store
/// is reported, never swallowed) and announces the change to the session's other tabs with the same commit, so no
/// writer can forget a step and no change is announced that was not stored.
/// </summary>
public sealed partial class SessionDataTable(SessionKeyRegistry registry, TimeProvider time, SessionBridgeTelemetry telemetry, ILogger<SessionDataTable> logger)
{
    public IReadOnlyList<SessionRow> Read(ISession session) => [.. registry.Keys.Select(key => ReadRow(session, key))];

    public SessionRow? Read(ISession session, string name) => registry.Find(name) is { } key ? ReadRow(session, key) : null;

    public string Value(ISession session, string name) => Read(session, name)?.Value
        ?? throw new ArgumentException($"'{name}' is not a registered session key.", nameof(name));

    /// <param name="input">The value sent; null when the request sent none (refused, not read as "clear").</param>
    public async Task<SessionSave> SaveAsync(HttpContext context, string name, string? input, CancellationToken cancellationToken)
    {
        if (registry.Find(name) is not { } key)
        {
            telemetry.Saved(SaveOutcomes.UnknownKey);
            return new SessionSave(SessionSaveOutcome.UnknownKey, null);
        }

        var session = context.BridgeSession();
        var stored = ReadRow(session, key);
        var (value, error) = input is null ? (null, SessionValueError.Missing) : key.Validate(input);
        if (error is not null)
        {
            telemetry.Saved(SaveOutcomes.Invalid);
            return new SessionSave(SessionSaveOutcome.Invalid, Typed(stored, input), error);
        }

        var updatedAt = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        session.Set(key.Name, EncodeRow(updatedAt, value!));

        // The commit also announces the change to the session's other tabs, in the same step; the tab that saved has
        // it already.
        try
        {
            await session.CommitAsync(SessionEvent.Changed(session.Id, key.Name, context.Request.Headers[LiveChannel.TabHeader]), cancellationToken);
        }
        catch (SessionStoreUnavailableException ex)
        {
            LogNotSaved(logger, key.Name, RedisFailure.Reason(ex));
            telemetry.Saved(SaveOutcomes.NotSaved);
            return new SessionSave(SessionSaveOutcome.NotSaved, Typed(stored, input));
        }

        telemetry.Saved(SaveOutcomes.Saved);
        return new SessionSave(SessionSaveOutcome.Saved, new SessionRow(key, value!, updatedAt));
    }

    /// <summary>What a row is stored as (see the class summary).</summary>
    internal static byte[] EncodeRow(DateTimeOffset updatedAt, string value) =>
        Encoding.UTF8.GetBytes(updatedAt.ToUnixTimeSeconds().ToString("x", CultureInfo.InvariantCulture) + "|" + value);

    private static SessionRow Typed(SessionRow stored, string? input) =>
        stored.Key.Type == SessionKeyType.Text && input is not null ? stored with { Value = input } : stored;

    private static SessionRow ReadRow(ISession session, SessionKey key) =>
        DecodeRow(key, session.TryGetValue(key.Name, out byte[]? stored) ? stored : null);

    /// <summary>A stored row (see <see cref="EncodeRow"/>) read back; the default when absent or no longer valid.</summary>
    internal static SessionRow DecodeRow(SessionKey key, byte[]? stored)
    {
        if (stored is not null)
        {
            string text = Encoding.UTF8.GetString(stored);
            int bar = text.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && long.TryParse(text.AsSpan(0, bar), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long seconds)
                && text[(bar + 1)..] is var value && key.Validate(value).Error is null)
            {
                return new SessionRow(key, value, DateTimeOffset.FromUnixTimeSeconds(seconds));
            }
        }

        return new SessionRow(key, key.Default, null);
    }

    [LoggerMessage(51, LogLevel.Error, "Session write of key {Key} not saved: store unavailable ({Reason})")]
    private static partial void LogNotSaved(ILogger logger, string key, string reason);
}
