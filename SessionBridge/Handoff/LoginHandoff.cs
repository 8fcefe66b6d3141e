using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;
using SessionBridge.Store;
using SessionBridge.Telemetry;

namespace SessionBridge.Handoff;

/// <summary>
/// Carries a successful login from a fragment request (POST /login) to the full page that follows (GET /account).
/// The handoff travels in TempData, whose cookie provider encrypts and signs it with Data Protection, so it cannot be
/// read or forged. On top of that it is time-limited (checked with <see cref="TimeProvider"/>) and bound to the
/// browser's pre-login session, so a copied TempData cookie alone logs nobody in; and it is single-use because the
/// landing rotates that session away (of two requests racing with one handoff only one deletes it), so a replayed
/// handoff names a session that no longer exists.
/// <para>
/// A login posted to one node may land on a node of another release during a rolling deploy, so the payload is
/// versioned: <c>V</c> is its format version; a payload without it was written by main 46d09bd (version 0, the same
/// fields). Readers ignore properties they do not know, so a later version may add some and still be read here; one
/// that changes what a field means raises <c>V</c>, and a node refuses a version above <see cref="PayloadVersion"/>
/// (logged once; the handoff is refused as malformed) rather than misread it. The payloads 46d09bd wrote are test
/// fixtures that every version must read.
/// </para>
/// </summary>
internal sealed partial class LoginHandoff(
    IDistributedCache cache,
    TimeProvider time,
    IOptions<SessionBridgeOptions> options,
    SessionBridgeTelemetry telemetry,
    ILogger<LoginHandoff> logger)
{
    public const string TempDataKey = "sb.handoff";

    /// <summary>The payload's format version this node writes and the newest it reads.</summary>
    public const int PayloadVersion = 1;

    private readonly UnknownFormatVersions _unknownVersions = new(logger, "login handoff");

    public async Task<string> IssueAsync(string userId, bool rememberMe, BridgeSession session, CancellationToken cancellationToken = default)
    {
        using var activity = SessionBridgeTelemetry.StartActivity(SessionBridgeTelemetry.Spans.HandoffIssue);
        try
        {
            var lifetime = options.Value.HandoffLifetime;
            var payload = new Payload(
                Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
                userId,
                rememberMe,
                session.Id,
                (time.GetUtcNow() + lifetime).ToUnixTimeMilliseconds(),
                PayloadVersion);

            // The id in the cache is for landings on a node of a release before this one, which refuse a handoff
            // whose id they cannot find (this release's landings rely on the rotation alone): a login posted to this
            // node during a rolling deploy still lands there. It goes out with the session's commands, in the same
            // round trip; a handoff whose session could not be stored is never sent, and its id expires unused.
            await Task.WhenAll(
                session.EstablishAsync(cancellationToken),
                cache.SetAsync(CacheKey(payload.Id), [1], new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = lifetime }, cancellationToken));
            telemetry.Handoff(SessionBridgeTelemetry.HandoffOutcomes.Issued);
            return JsonSerializer.Serialize(payload);
        }
        catch (Exception ex) when (SessionBridgeTelemetry.Failed(activity, ex))
        {
            throw;
        }
    }

    /// <summary>
    /// Checks a handoff against the current session. The caller completes the login by rotating the bound session,
    /// which is the atomic step that uses the handoff up: of two requests racing with one handoff only one can rotate.
    /// </summary>
    public HandoffResult Consume(string? value, BridgeSession session)
    {
        if (value is null)
        {
            return new HandoffResult(HandoffOutcome.Missing);
        }

        var result = Check(value, session);
        if (result.Outcome != HandoffOutcome.Accepted)
        {
            LogRejected(logger, result.Outcome, SessionToken.LogTag(session.PresentedId));
        }

        return result;
    }

    private HandoffResult Check(string value, BridgeSession session)
    {
        var payload = ReadPayload(value, out long? unknownVersion);
        if (unknownVersion is { } version)
        {
            _unknownVersions.Refused(version);
        }

        if (payload is null)
        {
            return new HandoffResult(HandoffOutcome.Malformed);
        }

        if (time.GetUtcNow().ToUnixTimeMilliseconds() >= payload.ExpiresAt)
        {
            return new HandoffResult(HandoffOutcome.Expired);
        }

        if (session.State != SessionState.Active || session.IsSignedIn || !CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(session.Id), System.Text.Encoding.ASCII.GetBytes(payload.SessionId)))
        {
            return new HandoffResult(HandoffOutcome.WrongBrowser);
        }

        return new HandoffResult(HandoffOutcome.Accepted, payload.UserId, payload.RememberMe);
    }

    /// <summary>
    /// The payload, or null when it is not one (<paramref name="unknownVersion"/> says when it is refused for its format
    /// version alone). Internal for the format's tests.
    /// </summary>
    internal static Payload? ReadPayload(string value, out long? unknownVersion)
    {
        unknownVersion = null;
        Payload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<Payload>(value);
        }
        catch (JsonException)
        {
            return null;
        }

        if (payload is null || string.IsNullOrEmpty(payload.Id) || string.IsNullOrEmpty(payload.UserId))
        {
            return null;
        }

        if (payload.V is < 0 or > PayloadVersion)
        {
            unknownVersion = payload.V;
            return null;
        }

        return payload;
    }

    private static string CacheKey(string handoffId) => "handoff:" + handoffId;

    [LoggerMessage(20, LogLevel.Warning, "Login handoff refused ({Outcome}) for session {SessionTag}")]
    private static partial void LogRejected(ILogger logger, HandoffOutcome outcome, string sessionTag);

    /// <summary>The handoff as it travels in TempData. <c>V</c> is last: 46d09bd wrote none (version 0).</summary>
    internal sealed record Payload(string Id, string UserId, bool RememberMe, string SessionId, long ExpiresAt, long? V = null);
}
