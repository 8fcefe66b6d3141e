using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Session;

/// <summary>The four keys of the session table saved at once, round after round, as a person clicking fast would: nothing is lost.</summary>
public sealed class ConcurrentSavesTests
{
    [Fact]
    public async Task Rounds_of_the_four_real_keys_written_at_once_all_survive()
    {
        using var app = new SessionBridgeApp();
        using var browser = app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        string token = page.AntiforgeryToken();
        string[] themes = ["light", "dark", "system"];
        string[] languages = ["en", "de", "fr", "es", "nl"];

        // The first write creates the session; the rounds race within it (see README, "Known limits").
        (await browser.PostSessionValueAsync(token, "theme", "light")).Dispose();

        for (int round = 0; round < 20; round++)
        {
            var values = new Dictionary<string, string>
            {
                ["displayName"] = $"Round {round}",
                ["theme"] = themes[round % themes.Length],
                ["language"] = languages[round % languages.Length],
                ["compactMode"] = round % 2 == 0 ? "true" : "false",
            };
            await Task.WhenAll(values.Select(async pair =>
            {
                using var response = await browser.PostSessionValueAsync(token, pair.Key, pair.Value);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }));
            var table = await browser.OpenAsync("/session");

            Assert.Equal(values["displayName"], table.Element("#value-displayName").GetAttribute("value"));
            Assert.Equal(values["theme"], table.Element("#value-theme option[selected]").GetAttribute("value"));
            Assert.Equal(values["language"], table.Element("#value-language option[selected]").GetAttribute("value"));
            Assert.Equal(values["compactMode"] == "true", table.Element("#value-compactMode").HasAttribute("checked"));
        }
    }
}
