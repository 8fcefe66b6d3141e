using SessionBridge.Web.Bridge.Store;

namespace SessionBridge.Tests.Bridge.Store;

/// <summary>The packed "@" field of a Redis session: short, readable, and exact to the millisecond.</summary>
public sealed class RedisSessionInfoFormatTests
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.FromUnixTimeMilliseconds(1_795_597_200_123);

    [Fact]
    public void A_visitor_packs_into_three_numbers()
    {
        var info = new SessionInfo(null, s_now, s_now, s_now.AddDays(90), false, null, null, null);

        string text = RedisSessionInfoFormat.Format(info);

        Assert.Equal("1795597200123|0|7776000000", text);
        Assert.Equal(info, RedisSessionInfoFormat.Parse(text));
    }

    [Fact]
    public void A_signed_in_session_reads_back_as_written()
    {
        var info = new SessionInfo("alice", s_now, s_now.AddSeconds(61), s_now.AddDays(90), true, s_now, "Firefox on Linux", "2001:db8::1");

        string text = RedisSessionInfoFormat.Format(info);

        Assert.Equal("1795597200123|61000|7776000000|p|0|alice|2001:db8::1|Firefox on Linux", text);
        Assert.Equal(info, RedisSessionInfoFormat.Parse(text));
    }

    [Fact]
    public void Separators_and_backslashes_in_strings_are_escaped()
    {
        var info = new SessionInfo("a|b\\c", s_now, s_now, s_now.AddDays(1), false, s_now.AddMinutes(-1), "x|y|", "\\");

        Assert.Equal(info, RedisSessionInfoFormat.Parse(RedisSessionInfoFormat.Format(info)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("1|2")]
    [InlineData("1|2|3|x")]
    [InlineData("a|2|3")]
    [InlineData("1|2|3||4|5|6|7|8")]
    public void Anything_else_is_not_an_info_field(string? text)
    {
        Assert.Null(RedisSessionInfoFormat.Parse(text));
    }
}
