using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SessionBridge.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionBridge.Tests.Browser;

/// <summary>Signing a session out reaches every open tab of it: each goes to the login page by itself.</summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed partial class RevocationInBrowserTests(ChromiumBrowser chromium, LiveApp app) : IClassFixture<LiveApp>
{
    private const string Phone = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36";
    private const string Laptop = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    // Bob is signed in by one story only, so his account page lists exactly the phone and the laptop.
    private const string Bob = "bob@example.com";
    private const string SessionEndedNotice = "Your session has ended (it expired or was signed out). Please sign in again.";

    [SkippableFact]
    public async Task Signing_out_the_phone_from_the_laptop_sends_every_phone_tab_to_the_login_page()
    {
        await using var phone = await chromium.NewContextAsync(app, userAgent: Phone);
        var phoneAccount = await phone.NewPageAsync();
        await phoneAccount.SignInAsync(Bob, SessionBridgeApp.BobPassword);
        await phoneAccount.WaitForLiveChannelAsync();
        var phoneSession = await phone.OpenLiveAsync("/session");
        // This tab's fragment requests are slow (a busy phone): being sent away must not depend on the tab's request
        // reaching the server before the other tab's answer changed the cookies both tabs share.
        await phoneSession.RouteAsync("**/header/*", async route =>
        {
            await Task.Delay(1000);
            await route.ContinueAsync();
        });
        await using var laptop = await chromium.NewContextAsync(app, userAgent: Laptop);
        var laptopAccount = await laptop.NewPageAsync();
        await laptopAccount.SignInAsync(Bob, SessionBridgeApp.BobPassword);

        var phoneRow = laptopAccount.Locator("#sessions tbody tr:not(.current)");
        await Expect(phoneRow).ToContainTextAsync("Android");
        await phoneRow.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await Expect(laptopAccount.Locator("#sessions-region .notice")).ToContainTextAsync("Signed out");
        await Expect(laptopAccount.Locator("#sessions tbody tr")).ToHaveCountAsync(1);
        foreach (var tab in new[] { phoneAccount, phoneSession })
        {
            await tab.WaitForURLAsync("**/login?reason=session-ended");
            await Expect(tab.Locator(".notice")).ToHaveTextAsync(SessionEndedNotice);
        }

        await Expect(laptopAccount.Locator("#account-email")).ToHaveTextAsync(Bob);
    }

    [SkippableFact]
    public async Task Sign_out_everywhere_else_sends_the_other_device_to_the_login_page()
    {
        await using var phone = await chromium.NewContextAsync(app, userAgent: Phone);
        var phoneHome = await phone.NewPageAsync();
        await phoneHome.SignInAsync();
        await phoneHome.GotoAsync("/");
        await phoneHome.WaitForLiveChannelAsync();
        await using var laptop = await chromium.NewContextAsync(app, userAgent: Laptop);
        var laptopAccount = await laptop.NewPageAsync();
        await laptopAccount.SignInAsync();

        await laptopAccount.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere else" }).ClickAsync();

        await Expect(laptopAccount.Locator("#sessions-region .notice")).ToHaveTextAsync(OtherSessionsSignedOut());
        await Expect(laptopAccount.Locator("#sessions tbody tr")).ToHaveCountAsync(1);
        await phoneHome.WaitForURLAsync("**/login?reason=session-ended");
        await Expect(phoneHome.Locator(".notice")).ToHaveTextAsync(SessionEndedNotice);
    }

    [SkippableFact]
    public async Task Signing_out_in_one_tab_sends_the_other_tabs_of_the_session_to_the_login_page()
    {
        await using var context = await chromium.NewContextAsync(app);
        var tabA = await context.NewPageAsync();
        await tabA.SignInAsync();
        var tabB = await context.OpenLiveAsync("/session");

        await tabA.Locator("header").GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await tabA.WaitForURLAsync("**/login?reason=signed-out");
        await Expect(tabA.Locator(".notice")).ToHaveTextAsync("You have been signed out.");
        await tabB.WaitForURLAsync("**/login?reason=*");
        await Expect(tabB.Locator("#login-form")).ToBeVisibleAsync();
    }

    // Other stories of this class may have left Alice signed in elsewhere too: all of them go.
    [GeneratedRegex(@"^Signed out \d+ other sessions?\.$")]
    private static partial Regex OtherSessionsSignedOut();
}
