using SessionBridge.Tests.Infrastructure;
using SessionBridge.Tests.Keys;
using static Microsoft.Playwright.Assertions;

namespace SessionBridge.Tests.Browser;

/// <summary>
/// A key added by its declaration alone (<see cref="AddedKey"/>) in a real Chromium: saved in one tab, it is on
/// &lt;html&gt; at once in that tab and, over the live channel, in another, by the library's script and nothing of the app's.
/// </summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class AddedKeyInBrowserTests(ChromiumBrowser chromium, AddedKeyInBrowserTests.App fixture) : IClassFixture<AddedKeyInBrowserTests.App>
{
    [SkippableFact]
    public async Task An_added_key_saved_in_one_tab_shows_on_html_in_both_tabs_without_reload()
    {
        await using var context = await chromium.NewContextAsync(fixture.Live);
        var tabA = await context.NewPageAsync();
        await tabA.GotoAsync("/session");
        await tabA.Locator("#value-displayName").FillAsync("Bea");
        await Expect(tabA.Locator("#greeting")).ToHaveTextAsync("Hello, Bea");
        await tabA.ReloadAsync();
        await tabA.WaitForLiveChannelAsync();
        var tabB = await context.OpenLiveAsync("/");
        await tabB.EvaluateAsync("() => { window.__sameDocument = true; }");
        await Expect(tabB.Locator("html")).ToHaveAttributeAsync(AddedKey.Attribute, "normal");

        await tabA.Locator("#value-contrast").SelectOptionAsync("high");

        await Expect(tabA.Locator("html")).ToHaveAttributeAsync(AddedKey.Attribute, "high");
        await Expect(tabB.Locator("html")).ToHaveAttributeAsync(AddedKey.Attribute, "high");
        Assert.True(await tabB.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the other tab was reloaded instead of updated live");
        Assert.Empty(await tabB.EvaluateAsync<string[]>("() => window.__sb.csp"));
    }

    /// <summary>The live app with the added key.</summary>
    public sealed class App : IDisposable
    {
        public LiveApp Live { get; } = new(app => app.WithAddedKey());

        public void Dispose() => Live.Dispose();
    }
}
