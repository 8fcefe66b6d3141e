using SessionBridge.Sessions;
using SessionBridge.Store;

namespace SessionBridge.Tests.Bridge.Store;

/// <summary>The packed "@" field of a Redis session: a few bytes, and exact to the millisecond.</summary>
public sealed class RedisSessionInfoFormatTests
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.FromUnixTimeMilliseconds(1_795_597_200_123);

    [Fact]
    public void A_visitor_packs_into_13_bytes()
    {
        var info = new SessionInfo(null, s_now, s_now, s_now.AddDays(90), false, null, null, null);

        byte[] packed = RedisSessionInfoFormat.Format(info);

        Assert.Equal(13, packed.Length);
        Assert.Equal(info, RedisSessionInfoFormat.Parse(packed));
    }

    [Fact]
    public void A_session_that_just_signed_in_from_an_IPv4_address_packs_into_23_bytes()
    {
        var info = new SessionInfo("alice", s_now, s_now, s_now.AddDays(90), true, s_now, "Firefox on Linux", "203.0.113.195");

        byte[] packed = RedisSessionInfoFormat.Format(info);

        Assert.Equal(23, packed.Length);
        Assert.Equal(info, RedisSessionInfoFormat.Parse(packed));
    }

    [Fact]
    public void A_signed_in_session_with_a_GUID_user_id_and_a_full_IPv6_address_stays_below_the_64_bytes_of_a_listpack_value()
    {
        var info = new SessionInfo(
            "3f2c9a51-7b1e-4d0a-9c8e-2b6f4a1d9e07", s_now, s_now.AddDays(89), s_now.AddDays(90), false, s_now, "Chrome on Windows", "2a02:8108:1cc0:3d2f:a9e4:7b21:5c3e:9f10");

        byte[] packed = RedisSessionInfoFormat.Format(info);

        Assert.Equal(50, packed.Length);
        Assert.Equal(info, RedisSessionInfoFormat.Parse(packed));
    }

    [Theory]
    [InlineData("Unknown device")]
    [InlineData("Browser on unknown system")]
    [InlineData("Edge on Windows")]
    [InlineData("Safari on iPadOS")]
    public void Every_label_a_User_Agent_gets_is_one_byte_and_reads_back(string label)
    {
        var info = new SessionInfo("alice", s_now, s_now, s_now.AddDays(1), false, s_now, label, null);
        var withoutDevice = info with { Device = null };

        Assert.Equal(RedisSessionInfoFormat.Format(withoutDevice).Length + 1, RedisSessionInfoFormat.Format(info).Length);
        Assert.Equal(info, RedisSessionInfoFormat.Parse(RedisSessionInfoFormat.Format(info)));
    }

    [Fact]
    public void Each_User_Agent_label_has_its_own_code()
    {
        string[] userAgents =
        [
            "", "curl/8.5.0",
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
        ];
        string[] labels = [.. userAgents.Select(DeviceLabel.From)];

        byte[] codes = [.. labels.Select(label => DeviceLabel.Code(label) ?? throw new InvalidOperationException($"no code for {label}"))];

        Assert.Equal(labels.Length, codes.Distinct().Count());
        Assert.Equal(labels, codes.Select(DeviceLabel.FromCode));
    }

    [Fact]
    public void Text_that_is_no_label_address_or_GUID_in_its_own_spelling_reads_back_as_written()
    {
        var info = new SessionInfo("a|b\\c ü", s_now, s_now, s_now.AddDays(1), false, s_now.AddMinutes(-1), "x|y|", "fe80::1%3");
        var zeros = info with { Ip = "010.000.000.001", Device = "Firefox on Linux ", UserId = "3F2C9A51-7B1E-4D0A-9C8E-2B6F4A1D9E07" };

        Assert.Equal(info, RedisSessionInfoFormat.Parse(RedisSessionInfoFormat.Format(info)));
        Assert.Equal(zeros, RedisSessionInfoFormat.Parse(RedisSessionInfoFormat.Format(zeros)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("00")] // one number, not three
    [InlineData("00 00 00 00 00")] // more after the numbers than the flags announce
    [InlineData("06 00 00 00")] // signed in both at creation and at a delta
    [InlineData("08 00 00 00 7F")] // an IPv4 address cut short
    [InlineData("20 00 00 00 EE")] // a device code that is no code
    [InlineData("20 00 00 00 00 14 41")] // a device text longer than what is left
    [InlineData("C0 00 00 00 41")] // a user id both text and a GUID
    [InlineData("80 00 00 00 41")] // a GUID user id that is not 16 bytes
    [InlineData("00 FF FF FF FF FF FF FF FF FF FF 00 00")] // a number longer than 10 bytes
    [InlineData("00 FE FF FF FF FF FF FF FF FF 01 00 00")] // a time past what DateTimeOffset holds
    public void Anything_else_is_not_an_info_field(string hex)
    {
        Assert.Null(RedisSessionInfoFormat.Parse(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal))));
    }

    [Theory]
    [InlineData("1795597200123|0|7776000000")]
    [InlineData("1795597200123|61000|7776000000|p|0|alice|2001:db8::1|Firefox on Linux")]
    public void The_text_format_this_one_replaced_is_no_session(string text)
    {
        Assert.Null(RedisSessionInfoFormat.Parse(System.Text.Encoding.UTF8.GetBytes(text)));
    }
}
