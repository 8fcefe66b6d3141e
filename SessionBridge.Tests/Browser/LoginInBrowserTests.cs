using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SessionBridge.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionBridge.Tests.Browser;

/// <summary>The login form in a real browser with htmx: the handoff to /account, and errors swapped in place.</summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed partial class LoginInBrowserTests(ChromiumBrowser chromium, LiveApp app) : IClassFixture<LiveApp>
{
    [SkippableFact]
    public async Task Htmx_login_lands_on_the_account_page_with_the_welcome_flash_once()
    {
        await using var context = await chromium.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");

        await page.GetByLabel("Email").FillAsync("alice@example.com");
        await page.GetByLabel("Password").FillAsync(SessionBridgeApp.AlicePassword);
        var post = page.WaitForResponseAsync(r => r.Request.Method == "POST" && r.Url.EndsWith("/login", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        var answer = await post;
        Assert.Equal("true", await answer.Request.HeaderValueAsync("hx-request"));
        Assert.Equal("/account", await answer.HeaderValueAsync("hx-redirect"));
        await page.WaitForURLAsync("**/account");
        await Expect(page.Locator("#flash")).ToHaveTextAsync("Welcome, Alice! You are signed in.");
        await Expect(page.Locator("#account-email")).ToHaveTextAsync("alice@example.com");
        await Expect(page.Locator("#greeting")).ToHaveTextAsync("Hello, Alice");

        await page.ReloadAsync();

        await Expect(page.Locator("#account-email")).ToHaveTextAsync("alice@example.com");
        await Expect(page.Locator("#flash")).ToHaveCountAsync(0);
    }

    [SkippableFact]
    public async Task Wrong_password_shows_the_error_in_the_form_without_leaving_the_page()
    {
        await using var context = await chromium.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        await page.GetByLabel("Email").FillAsync("alice@example.com");
        await page.GetByLabel("Password").FillAsync("not-her-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page.Locator("#login-error")).ToHaveTextAsync("Email or password is incorrect.");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded instead of swapped");
        await Expect(page).ToHaveURLAsync(LoginUrl());
        await Expect(page.GetByLabel("Email")).ToHaveValueAsync("alice@example.com");
        await Expect(page.GetByLabel("Password")).ToHaveValueAsync(string.Empty);
        await Expect(page.GetByLabel("Email")).ToHaveAttributeAsync("aria-describedby", "login-error");

        // The swapped-in form is a working htmx form again: the right password now signs in.
        await page.GetByLabel("Password").FillAsync(SessionBridgeApp.AlicePassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/account");
        await Expect(page.Locator("#flash")).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task A_late_answer_to_a_request_sent_before_login_does_not_sign_the_browser_out()
    {
        await using var context = await chromium.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/session");
        await page.Locator("#value-theme").SelectOptionAsync("dark");
        await Expect(page.Locator("#row-theme time")).ToBeVisibleAsync();
        string preLogin = (await context.CookiesAsync()).Single(c => c.Name == AppTestExtensions.SessionCookie).Value;
        await page.SignInAsync();

        // A request the browser sent with the pre-login cookie just before /account rotated it (a debounced save or a
        // live-channel reconnect in another tab) is answered after the login response. The context's request API
        // shares the browser's cookie jar, so whatever that late answer sets is what the browser keeps.
        var late = await context.APIRequest.GetAsync("/header/greeting", new()
        {
            Headers = new Dictionary<string, string> { ["Cookie"] = $"{AppTestExtensions.SessionCookie}={preLogin}", ["HX-Request"] = "true" },
        });
        Assert.Equal(200, late.Status);

        await page.GotoAsync("/account");
        await Expect(page.Locator("#account-email")).ToHaveTextAsync("alice@example.com");
    }

    [GeneratedRegex(@"/login$")]
    private static partial Regex LoginUrl();
}
