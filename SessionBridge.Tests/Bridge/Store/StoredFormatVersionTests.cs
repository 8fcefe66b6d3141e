using System.Text.Json;
using Microsoft.Extensions.Logging;
using SessionBridge;
using SessionBridge.Events;
using SessionBridge.Handoff;
using SessionBridge.Store;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Store;

/// <summary>
/// Each stored format says its version: what this release writes, the previous release (main 46d09bd) still reads, and
/// a version this release does not know is refused, not misread.
/// </summary>
public sealed class StoredFormatVersionTests
{
    private const string SessionId = "q59tAj8YxW3nLk2PbR7sTu1vZc4dEf6gHi9jKm0oNpQ";
    private static readonly DateTimeOffset s_now = DateTimeOffset.FromUnixTimeMilliseconds(1_795_597_200_123);

    [Fact]
    public void Session_info_of_a_later_version_is_recognised_by_its_envelope_and_refused()
    {
        var info = new SessionInfo("alice", s_now, s_now, s_now.AddDays(1), true, s_now, "Firefox on Linux", "203.0.113.195");
        byte[] version0 = RedisSessionInfoFormat.Format(info);
        byte[] version1 = [RedisSessionInfoFormat.Envelope, 1, .. version0];

        Assert.Equal(1, RedisSessionInfoFormat.VersionOf(version1));
        Assert.Null(RedisSessionInfoFormat.Parse(version1));
        Assert.Null(RedisSessionInfoFormat.VersionOf([RedisSessionInfoFormat.Envelope]));
        Assert.Null(RedisSessionInfoFormat.Parse([RedisSessionInfoFormat.Envelope]));
    }

    [Fact]
    public void Version_0_never_opens_with_the_envelope_byte_whatever_the_session_holds()
    {
        var everything = new SessionInfo("not a guid", s_now, s_now.AddDays(1), s_now.AddDays(2), true, s_now.AddSeconds(5), "a device of its own", "not an address");
        var everythingElse = everything with { UserId = Guid.Empty.ToString(), SignedInAt = s_now, Device = "Unknown device", Ip = "::1" };

        Assert.Equal(0, RedisSessionInfoFormat.WrittenVersion);
        Assert.NotEqual(RedisSessionInfoFormat.Envelope, RedisSessionInfoFormat.Format(everything)[0]);
        Assert.NotEqual(RedisSessionInfoFormat.Envelope, RedisSessionInfoFormat.Format(everythingElse)[0]);
    }

    [Fact]
    public void A_live_event_carries_its_version_and_the_previous_releases_reader_still_reads_it()
    {
        string message = RedisEventChannel.Message(SessionEvent.Changed(SessionId, "theme", "tab-1"));

        using var json = JsonDocument.Parse(message);
        Assert.Equal(RedisEventChannel.Version, json.RootElement.GetProperty("V").GetInt32());

        // 46d09bd's reader: JsonSerializer.Deserialize<SessionEvent> (a type this release has not changed).
        Assert.Equal(SessionEvent.Changed(SessionId, "theme", "tab-1"), JsonSerializer.Deserialize<SessionEvent>(message));
        Assert.Equal(SessionEvent.SignedOut(SessionId), JsonSerializer.Deserialize<SessionEvent>(RedisEventChannel.Message(SessionEvent.SignedOut(SessionId))));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1000)]
    [InlineData(-1)]
    public void A_live_event_of_a_version_this_node_does_not_know_is_refused(long version)
    {
        string message = $$"""{"V":{{version}},"SessionId":"{{SessionId}}","Key":"theme","OriginTab":null}""";

        Assert.Null(RedisEventChannel.Parse(SessionId, message, out long? unknownVersion));
        Assert.Equal(version, unknownVersion);
    }

    [Fact]
    public void A_login_handoff_carries_its_version_and_the_previous_releases_reader_still_reads_it()
    {
        var payload = new LoginHandoff.Payload("Xq3v9LrT2mWc8yKp1bNs5g", "alice", true, SessionId, 1_795_597_320_123, LoginHandoff.PayloadVersion);
        string written = JsonSerializer.Serialize(payload);

        Assert.Contains("\"V\":1", written, StringComparison.Ordinal);
        Assert.Equal(
            new PreviousReleaseHandoff("Xq3v9LrT2mWc8yKp1bNs5g", "alice", true, SessionId, 1_795_597_320_123),
            JsonSerializer.Deserialize<PreviousReleaseHandoff>(written));
        Assert.Equal(payload, LoginHandoff.ReadPayload(written, out _));
    }

    [Fact]
    public void A_login_handoff_of_a_version_this_node_does_not_know_is_refused()
    {
        string later = """{"Id":"Xq3v9LrT2mWc8yKp1bNs5g","UserId":"alice","RememberMe":true,"SessionId":"s","ExpiresAt":1795597320123,"V":2}""";

        Assert.Null(LoginHandoff.ReadPayload(later, out long? unknownVersion));
        Assert.Equal(2, unknownVersion);
    }

    [Fact]
    public void An_unknown_version_is_logged_once_per_format_and_version_not_once_per_value()
    {
        using var logs = new CapturedLogs();
        var versions = new UnknownFormatVersions(logs.CreateLogger("test"), "live event");

        versions.Refused(2);
        versions.Refused(2);
        versions.Refused(3);

        Assert.Equal(2, logs.Lines.Count);
        Assert.All(logs.Lines, line => Assert.Equal(LogLevel.Warning, line.Level));
        Assert.Contains("live event of format version 2, which this node does not read", logs.Lines[0].Message, StringComparison.Ordinal);
    }

    /// <summary>The handoff payload type of main 46d09bd, as it was.</summary>
    private sealed record PreviousReleaseHandoff(string Id, string UserId, bool RememberMe, string SessionId, long ExpiresAt);
}
