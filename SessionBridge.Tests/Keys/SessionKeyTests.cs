using SessionBridge.Keys;

namespace SessionBridge.Tests.Keys;

/// <summary>A key's declaration: its default is named and checked, and what it shows on &lt;html&gt; is a data attribute.</summary>
public sealed class SessionKeyTests
{
    [Fact]
    public void A_choice_names_its_default_which_need_not_be_the_first_choice()
    {
        var key = SessionKey.Choice("theme", ["light", "dark", "system"], defaultValue: "system");

        Assert.Equal("system", key.Default);
        Assert.Equal(["light", "dark", "system"], key.AllowedValues);
    }

    [Fact]
    public void A_choice_whose_default_is_not_a_choice_is_refused_at_declaration()
    {
        var refused = Assert.Throws<ArgumentException>(() => SessionKey.Choice("theme", ["light", "dark"], defaultValue: "system"));

        Assert.Equal("defaultValue", refused.ParamName);
    }

    [Theory]
    [InlineData("lang")]
    [InlineData("onload")]
    [InlineData("data-")]
    [InlineData("data-Theme")]
    [InlineData("data-theme\" onload=\"x")]
    [InlineData("")]
    public void Only_a_lowercase_data_attribute_can_show_a_key(string attribute)
    {
        Assert.Throws<ArgumentException>(() => SessionKey.Choice("theme", ["light"], "light").OnHtml(attribute));
    }

    [Fact]
    public void A_key_shows_its_value_and_a_flag_may_show_a_word_for_each_state()
    {
        var theme = SessionKey.Choice("theme", ["light", "dark"], "light").OnHtml("data-theme");
        var compact = SessionKey.Flag("compactMode").OnHtml("data-density", whenTrue: "compact", whenFalse: "regular");

        Assert.Equal(("data-theme", "dark"), (theme.Html!.Name, theme.Html.ValueFor("dark")));
        Assert.Equal(("data-density", "compact", "regular"), (compact.Html!.Name, compact.Html.ValueFor("true"), compact.Html.ValueFor("false")));
        Assert.Null(SessionKey.Flag("pinned").Html);
        Assert.Throws<InvalidOperationException>(() => theme.OnHtml("data-theme", "on", "off"));
    }
}
