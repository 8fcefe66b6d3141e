using Microsoft.Playwright;
using SessionBridge.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionBridge.Tests.Browser;

/// <summary>Every flow with JavaScript turned off in a real browser: plain form posts answered with 303 See Other.</summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class NoScriptBrowserTests(ChromiumBrowser chromium, LiveApp app) : IClassFixture<LiveApp>
{
    [SkippableFact]
    public async Task Without_javascript_login_posts_the_form_and_lands_on_the_account_page()
    {
        await using var context = await chromium.NewContextAsync(app, javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync("alice@example.com");
        await page.GetByLabel("Password").FillAsync(SessionBridgeApp.AlicePassword);

        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/login", StringComparison.Ordinal));

        Assert.Equal(303, answer.Status);
        Assert.Null(await answer.Request.HeaderValueAsync("hx-request"));
        await page.WaitForURLAsync("**/account");
        await Expect(page.Locator("#flash")).ToHaveTextAsync("Welcome, Alice! You are signed in.");
        await Expect(page.Locator("#greeting")).ToHaveTextAsync("Hello, Alice");
    }

    [SkippableFact]
    public async Task Without_javascript_a_session_row_saves_with_its_button()
    {
        await using var context = await chromium.NewContextAsync(app, javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/session");
        var row = page.Locator("#row-displayName");
        await row.GetByLabel("Display name").FillAsync("Bea");

        var answer = await page.RunAndWaitForResponseAsync(
            () => row.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/session/displayName", StringComparison.Ordinal));

        Assert.Equal(303, answer.Status);
        await page.WaitForURLAsync("**/session");
        await Expect(page.Locator("#row-displayName").GetByLabel("Display name")).ToHaveValueAsync("Bea");
        await Expect(page.Locator("#row-displayName time")).ToBeVisibleAsync();
        await Expect(page.Locator("#greeting")).ToHaveTextAsync("Hello, Bea");
    }

    [SkippableFact]
    public async Task Without_javascript_the_header_theme_switch_applies_with_its_noscript_button()
    {
        await using var context = await chromium.NewContextAsync(app, javaScript: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/?from=home");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "system");
        var themeSwitch = page.Locator("#theme-switch");
        await themeSwitch.GetByLabel("Theme").SelectOptionAsync("dark");

        var answer = await page.RunAndWaitForResponseAsync(
            () => themeSwitch.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/session/theme", StringComparison.Ordinal));

        Assert.Equal(303, answer.Status);
        Assert.Equal("/?from=home", await answer.HeaderValueAsync("location"));
        await page.WaitForURLAsync("**/?from=home");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");
        await Expect(page.Locator("#theme-switch").GetByLabel("Theme")).ToHaveValueAsync("dark");
    }
}
