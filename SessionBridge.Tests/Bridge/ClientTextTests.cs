using SessionBridge;

namespace SessionBridge.Tests.Bridge;

/// <summary>What a client sent goes into a log line escaped and cut: it can neither start a line nor fill the log.</summary>
public sealed class ClientTextTests
{
    [Theory]
    [InlineData("/session/theme", "/session/theme")]
    [InlineData("x\r\nfail: forged", @"x\r\nfail: forged")]
    [InlineData("\u001b[31mred\t", @"\x1B[31mred\t")]
    [InlineData("caf\u00e9 \u2028", @"caf\u00E9 \u2028")]
    [InlineData(@"looks\nescaped", @"looks\\nescaped")]
    [InlineData("\u007f", @"\x7F")]
    [InlineData(null, "")]
    public void Control_and_non_ascii_characters_are_escaped(string? sent, string logged) =>
        Assert.Equal(logged, ClientText.ForLog(sent));

    [Fact]
    public void A_long_value_is_cut_with_a_marker_that_says_how_long_it_was()
    {
        string logged = ClientText.ForLog(new string('a', 10_240));

        Assert.Equal(new string('a', ClientText.MaxLength) + "...[cut, 10240 chars]", logged);
    }

    [Fact]
    public void The_cut_never_splits_an_escape()
    {
        string logged = ClientText.ForLog(new string('a', ClientText.MaxLength - 2) + "\u001b" + new string('b', 100));

        Assert.Equal(new string('a', ClientText.MaxLength - 2) + "...[cut, 163 chars]", logged);
    }

    [Fact]
    public void Every_character_of_the_result_is_printable_ascii()
    {
        string sent = string.Concat(Enumerable.Range(0, 0x3000).Select(c => (char)c));

        string logged = ClientText.ForLog(sent);

        Assert.All(logged, c => Assert.InRange(c, ' ', '~'));
        Assert.InRange(logged.Length, ClientText.MaxLength, ClientText.MaxLength + 32);
    }

    [Fact]
    public void A_path_is_logged_as_the_app_sees_it_decoded_then_escaped() =>
        Assert.Equal(@"/session/x\nfail:", ClientText.ForLog(new Microsoft.AspNetCore.Http.PathString("/session/x\nfail:")));
}
