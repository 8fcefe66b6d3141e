using System.Text.Json;
using SessionBridge.Events;
using SessionBridge.Keys;

namespace SessionBridge.Tests.Bridge.Events;

/// <summary>
/// The HX-Trigger of a save, written by hand, is the JSON htmx expects for any key name and value; it names no
/// fragment to refresh, since the answer carries them out of band.
/// </summary>
public sealed class LiveChannelTests
{
    [Theory]
    [InlineData("theme", false)]
    [InlineData("displayName", true)]
    [InlineData("a\"b\\c<d>é", true)]
    public void A_saves_trigger_names_the_change_and_when_asked_the_keys_own_event(string key, bool keyChanged)
    {
        using var json = JsonDocument.Parse(LiveChannel.SavedTrigger(new SessionRow(SessionKey.Text(key, 10).ShownIn("greeting"), "x", null), keyChanged));

        var events = json.RootElement.EnumerateObject().ToList();
        Assert.Equal(LiveChannel.SessionChanged, events[0].Name);
        Assert.Equal(key, events[0].Value.GetProperty("key").GetString());
        if (keyChanged)
        {
            Assert.Equal(2, events.Count);
            Assert.Equal(LiveChannel.KeyChanged(key), events[1].Name);
            Assert.Equal(string.Empty, events[1].Value.GetString());
        }
        else
        {
            Assert.Single(events);
        }
    }

    [Theory]
    [InlineData("Bea \"the\" <b>é</b>")]
    [InlineData("dark")]
    public void A_key_shown_on_html_adds_its_attribute_and_value_to_the_trigger_in_ascii(string value)
    {
        var key = SessionKey.Text("nickname", 40).OnHtml("data-nickname");

        string header = LiveChannel.SavedTrigger(new SessionRow(key, value, null), keyChanged: false);

        Assert.True(header.All(char.IsAscii), header);
        using var json = JsonDocument.Parse(header);
        var html = json.RootElement.GetProperty(LiveChannel.HtmlChanged);
        Assert.Equal(value, html.GetProperty("data-nickname").GetString());
        Assert.Single(html.EnumerateObject());
    }

    [Fact]
    public void A_flag_shown_with_words_sends_the_word_not_the_value()
    {
        var key = SessionKey.Flag("compactMode").OnHtml("data-density", whenTrue: "compact", whenFalse: "regular");

        Assert.Equal("{\"data-density\":\"compact\"}", LiveChannel.HtmlAttributes(new SessionRow(key, "true", null)));
        Assert.Equal("{\"data-density\":\"regular\"}", LiveChannel.HtmlAttributes(new SessionRow(key, "false", null)));
        Assert.Null(LiveChannel.HtmlAttributes(new SessionRow(SessionKey.Flag("pinned"), "true", null)));
    }
}
