using Microsoft.Playwright;
using SessionBridge.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SessionBridge.Tests.Browser;

/// <summary>
/// The requests each user action costs in a real Chromium, in the tab that acts and in the tabs it reaches (a save
/// and the tabs following it: <see cref="RequestsPerChangeTests"/>). What the store does for them is counted by
/// <c>Bridge/Redis/RedisRoundTripTests</c>.
/// </summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class RequestsPerActionTests(ChromiumBrowser chromium, LiveApp app, ITestOutputHelper output) : IClassFixture<LiveApp>
{
    [SkippableFact]
    public async Task Signing_in_costs_the_post_the_landing_page_and_its_stream()
    {
        await using var context = await chromium.NewContextAsync(app);
        var tab = await RecordedTab.StartAsync(await context.NewPageAsync());
        await tab.Page.GotoAsync("/login");
        tab.Clear();

        await tab.Page.Locator("#email").FillAsync("alice@example.com");
        await tab.Page.Locator("#password").FillAsync(SessionBridgeApp.AlicePassword);
        await tab.Page.Locator("#login-form button[type=submit]").ClickAsync();
        await tab.Page.WaitForURLAsync("**/account");
        await tab.Page.WaitForLiveChannelAsync();

        await SettleAsync();
        Report("sign in", tab);
        Assert.Equal(["POST /login", "GET /account", "GET /events"], tab.SentWithoutStreamQuery());
    }

    [SkippableFact]
    public Task Signing_out_one_device_costs_one_request_and_that_device_its_way_to_the_login_page() =>
        EndTheOtherDeviceAsync("revoke one device", "bob@example.com", SessionBridgeApp.BobPassword,
            account => account.Locator("#sessions tbody tr:not(.current)").GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync());

    [SkippableFact]
    public Task Signing_out_everywhere_else_costs_one_request_and_each_other_device_its_way_to_the_login_page() =>
        EndTheOtherDeviceAsync("sign out everywhere else", "alice@example.com", SessionBridgeApp.AlicePassword,
            account => account.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere else" }).ClickAsync());

    [SkippableFact]
    public async Task Signing_out_costs_the_post_and_the_login_page_and_each_other_tab_its_way_there()
    {
        await using var context = await chromium.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.SignInAsync();
        var tab = await RecordedTab.StartAsync(page);
        var other = await RecordedTab.StartAsync(await context.OpenLiveAsync("/session"));
        tab.Clear();

        await page.Locator("header").GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await page.WaitForURLAsync("**/login?reason=signed-out");
        await other.Page.WaitForURLAsync("**/login?reason=*");
        await SettleAsync();
        Report("sign out: the tab", tab);
        Report("sign out: another tab of the session", other);
        Assert.Equal(["POST /logout", "GET /login?reason=signed-out"], tab.Sent());
        Assert.Equal(["GET /events/check", "GET /login?reason=session-ended"], other.Sent());
    }

    /// <summary>
    /// Signs the user in on a phone (one live tab) and a laptop (its account page), ends the phone's session from the
    /// laptop's account page with <paramref name="endThePhone"/>, and checks what each device sent: the laptop its one
    /// post, the phone's tab its way to the login page.
    /// </summary>
    private async Task EndTheOtherDeviceAsync(string action, string email, string password, Func<IPage, Task> endThePhone)
    {
        var (phone, phoneTab, laptop, account) = await TwoDevicesAsync(email, password);
        await using (phone)
        await using (laptop)
        {
            await endThePhone(account.Page);

            await Expect(account.Page.Locator("#sessions tbody tr")).ToHaveCountAsync(1);
            await phoneTab.Page.WaitForURLAsync("**/login?reason=session-ended");
            await SettleAsync();
            Report($"{action}: the account page", account);
            Report($"{action}: the other device's tab", phoneTab);
            Assert.Single(account.Sent(), request => request.StartsWith("POST /account", StringComparison.Ordinal));
            Assert.Equal(["GET /events/check", "GET /login?reason=session-ended"], phoneTab.Sent());
        }
    }

    /// <summary>A phone with one live tab and a laptop on its account page, both signed in as the user.</summary>
    private async Task<(IBrowserContext Phone, RecordedTab PhoneTab, IBrowserContext Laptop, RecordedTab Account)> TwoDevicesAsync(string email, string password)
    {
        var phone = await chromium.NewContextAsync(app);
        var phonePage = await phone.NewPageAsync();
        await phonePage.SignInAsync(email, password);
        await phonePage.GotoAsync("/");
        await phonePage.WaitForLiveChannelAsync();
        var laptop = await chromium.NewContextAsync(app);
        var laptopPage = await laptop.NewPageAsync();
        await laptopPage.SignInAsync(email, password);
        await laptopPage.WaitForLiveChannelAsync();
        return (phone, await RecordedTab.StartAsync(phonePage), laptop, await RecordedTab.StartAsync(laptopPage));
    }

    // Whatever the action would set off runs as it arrives; half a second is ample for a request to have started.
    private static Task SettleAsync() => Task.Delay(500);

    private void Report(string action, RecordedTab tab) => output.WriteLine($"{action}: {string.Join(", ", tab.Sent())}; {tab.Received} B received");
}
