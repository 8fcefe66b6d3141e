using System.Globalization;
using SessionBridge.Events;
using SessionBridge.Handoff;
using SessionBridge.Sessions;
using SessionBridge.Store;

namespace SessionBridge.Tests.Bridge.Store;

/// <summary>
/// Every stored format reads what main 46d09bd wrote, byte for byte (the golden fixtures), and the session info is
/// still written in the bytes 46d09bd reads: during a rolling deploy that release serves the same sessions. A later
/// version of a format adds a reader; these tests stay as they are.
/// </summary>
public sealed class StoredFormatFixtureTests
{
    private const string SessionId = "q59tAj8YxW3nLk2PbR7sTu1vZc4dEf6gHi9jKm0oNpQ";
    private static readonly DateTimeOffset s_created = DateTimeOffset.FromUnixTimeMilliseconds(1_795_597_200_123);

    /// <summary>What each line of session-info.v0.txt holds.</summary>
    private static readonly Dictionary<string, SessionInfo> s_infos = new(StringComparer.Ordinal)
    {
        ["visitor"] = new(null, s_created, s_created, s_created.AddDays(90), false, null, null, null),
        ["visitor-seen-later"] = new(null, s_created, s_created.AddMinutes(7), s_created.AddMinutes(20), false, null, "Firefox on Linux", "127.0.0.1"),
        ["signed-in-at-creation-ipv4-text-user-persistent"] = new("alice", s_created, s_created, s_created.AddDays(90), true, s_created, "Firefox on Linux", "203.0.113.195"),
        ["signed-in-later-ipv6-guid-user"] = new(
            "3f2c9a51-7b1e-4d0a-9c8e-2b6f4a1d9e07", s_created, s_created.AddDays(89), s_created.AddDays(90), false, s_created.AddSeconds(42), "Chrome on Windows", "2a02:8108:1cc0:3d2f:a9e4:7b21:5c3e:9f10"),
        ["signed-in-before-creation-text-ip"] = new("bob@example.com", s_created, s_created.AddHours(1), s_created.AddDays(1), false, s_created.AddSeconds(-3), "Edge on Android", "fe80::1%eth0"),
        ["text-device-unicode-user"] = new("Zoë Łukasz", s_created, s_created, s_created.AddDays(30), true, s_created, "curl/8.5 (x86_64-pc-linux-gnu)", "::1"),
        ["upper-case-guid-is-text"] = new("3F2C9A51-7B1E-4D0A-9C8E-2B6F4A1D9E07", s_created, s_created, s_created.AddDays(1), false, s_created, "Unknown device", "10.0.0.1"),
        ["unknown-device-no-ip"] = new("carol", s_created, s_created, s_created.AddDays(1), false, s_created, "Unknown device", null),
    };

    public static TheoryData<string> InfoCases() => [.. StoredFormatFixtures.Read("session-info.v0.txt").Select(c => c.Name)];

    public static TheoryData<string> DeviceCodes() => [.. StoredFormatFixtures.Read("device-codes.v0.txt").Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(InfoCases))]
    public void Session_info_written_by_the_previous_release_reads_back_and_is_written_again_byte_for_byte(string name)
    {
        byte[] stored = Convert.FromHexString(StoredFormatFixtures.Value("session-info.v0.txt", name));

        Assert.Equal(0, RedisSessionInfoFormat.VersionOf(stored));
        Assert.Equal(s_infos[name], RedisSessionInfoFormat.Parse(stored));
        Assert.Equal(stored, RedisSessionInfoFormat.Format(s_infos[name]));
    }

    [Fact]
    public void Every_session_info_case_of_the_fixture_is_checked()
    {
        Assert.Equal(s_infos.Keys.Order(StringComparer.Ordinal), StoredFormatFixtures.Read("session-info.v0.txt").Select(c => c.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(DeviceCodes))]
    public void Each_device_code_keeps_its_label(string code)
    {
        string[] line = StoredFormatFixtures.Value("device-codes.v0.txt", code).Split(' ', 2);
        byte stored = byte.Parse(code, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var info = new SessionInfo("alice", s_created, s_created, s_created.AddDays(1), false, s_created, line[1], null);

        Assert.Equal(line[1], DeviceLabel.FromCode(stored));
        Assert.Equal(stored, DeviceLabel.Code(line[1]));
        Assert.Equal(info, RedisSessionInfoFormat.Parse(Convert.FromHexString(line[0])));
        Assert.Equal(Convert.FromHexString(line[0]), RedisSessionInfoFormat.Format(info));
    }

    [Fact]
    public void Every_label_a_User_Agent_can_get_has_a_code_of_the_fixture_and_no_code_is_new()
    {
        string[] browsers = ["Edg/", "Firefox/", "Chrome/", "Safari/", "Lynx/2.9"];
        string[] systems = ["Android", "iPhone", "iPad", "Windows", "Mac OS X", "Linux", "Haiku"];
        var labels = browsers.SelectMany(b => systems.Select(s => DeviceLabel.From($"{b} ({s})"))).Append(DeviceLabel.From("")).ToHashSet(StringComparer.Ordinal);
        var fixture = StoredFormatFixtures.Read("device-codes.v0.txt").ToDictionary(c => c.Value.Split(' ', 2)[1], c => c.Name, StringComparer.Ordinal);

        Assert.Equal(fixture.Keys.Order(StringComparer.Ordinal), labels.Order(StringComparer.Ordinal));
        Assert.Equal(
            fixture.Values.Order(StringComparer.Ordinal),
            Enumerable.Range(0, 256).Where(b => DeviceLabel.FromCode((byte)b) is not null).Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("changed", "displayName", "tab-1a2b")]
    [InlineData("changed-no-tab", "theme", null)]
    [InlineData("signed-out", null, null)]
    [InlineData("signed-out-from-tab", null, "tab-1a2b")]
    public void A_live_event_published_by_the_previous_release_is_read(string name, string? key, string? originTab)
    {
        string message = StoredFormatFixtures.Value("events.v0.txt", name);

        var read = RedisEventChannel.Parse(SessionId, message, out long? unknownVersion);

        Assert.Equal(new SessionEvent(SessionId, key, originTab), read);
        Assert.Null(unknownVersion);
        Assert.Equal(key is null, read!.IsSignOut);
    }

    [Theory]
    [InlineData("remember-me", "alice", true)]
    [InlineData("guid-user", "3f2c9a51-7b1e-4d0a-9c8e-2b6f4a1d9e07", false)]
    public void A_login_handoff_written_by_the_previous_release_is_read(string name, string userId, bool rememberMe)
    {
        var payload = LoginHandoff.ReadPayload(StoredFormatFixtures.Value("handoff.v0.txt", name), out long? unknownVersion);

        Assert.Null(unknownVersion);
        Assert.Equal(new LoginHandoff.Payload("Xq3v9LrT2mWc8yKp1bNs5g", userId, rememberMe, SessionId, 1_795_597_320_123), payload);
    }
}
