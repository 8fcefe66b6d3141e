using System.Text.Json;
using SessionBridge.Events;

namespace SessionBridge.Tests.Bridge.Events;

/// <summary>The HX-Trigger of a save, written by hand, is the JSON htmx expects for any key name.</summary>
public sealed class LiveChannelTests
{
    [Theory]
    [InlineData("theme", false)]
    [InlineData("displayName", true)]
    [InlineData("a\"b\\c<d>é", true)]
    public void A_saves_trigger_names_the_change_and_when_asked_the_keys_own_event(string key, bool keyChanged)
    {
        using var json = JsonDocument.Parse(LiveChannel.SavedTrigger(key, keyChanged));

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
}
