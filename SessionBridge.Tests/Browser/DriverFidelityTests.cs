using System.Net;
using Microsoft.Playwright;
using SessionBridge.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionBridge.Tests.Browser;

/// <summary>
/// Does the htmx driver tell the truth? The same steps run through the driver and through Chromium, each on a fresh
/// live app of its own, and the regions the steps swapped or landed on must read the same (see <see cref="ComparableHtml"/>).
/// </summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class DriverFidelityTests(ChromiumBrowser chromium)
{
    /// <summary>Both send it, so the account page's device column says the same.</summary>
    private const string UserAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";

    private const string WrongPassword = "not-her-password";

    [SkippableFact]
    public async Task An_htmx_login_lands_on_the_same_account_page()
    {
        await AssertSameRegionsAsync(
            javaScript: true,
            ["main", "#greeting", "#alerts"],
            driver => SessionBridgeApp.SignInAsync(driver),
            page => page.SignInAsync());
    }

    [SkippableFact]
    public async Task A_wrong_password_swaps_in_the_same_refused_form()
    {
        await AssertSameRegionsAsync(
            javaScript: true,
            ["main", "#alerts"],
            async driver =>
            {
                var login = await driver.OpenAsync("/login");
                login.Fill("email", "alice@example.com");
                login.Fill("password", WrongPassword);
                var refused = await login.SubmitAsync("#login-form");
                Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.Response.StatusCode);
                return refused;
            },
            async page =>
            {
                await page.GotoAsync("/login");
                await page.GetByLabel("Email").FillAsync("alice@example.com");
                await page.GetByLabel("Password").FillAsync(WrongPassword);
                var answer = await page.RunAndWaitForResponseAsync(
                    () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync(),
                    r => r.Request.Method == "POST" && r.Url.EndsWith("/login", StringComparison.Ordinal));
                Assert.Equal(422, answer.Status);
                await Expect(page.Locator("#login-error")).ToBeVisibleAsync();
            });
    }

    [SkippableFact]
    public async Task A_session_row_save_swaps_in_the_same_row_and_greeting()
    {
        await AssertSameRegionsAsync(
            javaScript: true,
            ["#row-displayName", "#greeting", "#alerts"],
            async driver =>
            {
                var page = await driver.OpenAsync("/session");
                page.Fill("value", "Bea", within: "#row-displayName");
                await page.TriggerAsync("#row-displayName form");
                Assert.Equal(HttpStatusCode.OK, page.Response.StatusCode);
                return page;
            },
            async page =>
            {
                await page.GotoAsync("/session");
                var row = page.Locator("#row-displayName");
                var answer = await page.RunAndWaitForResponseAsync(
                    () => row.GetByLabel("Display name").FillAsync("Bea"),
                    r => r.Request.Method == "POST" && r.Url.EndsWith("/session/displayName", StringComparison.Ordinal));
                Assert.Equal(200, answer.Status);
                await Expect(page.Locator("#row-displayName time")).ToBeVisibleAsync();
                await Expect(page.Locator("#greeting")).ToHaveTextAsync("Hello, Bea");
            });
    }

    [SkippableFact]
    public async Task Without_javascript_a_login_lands_on_the_same_account_page()
    {
        await AssertSameRegionsAsync(
            javaScript: false,
            ["main", "#greeting", "#alerts"],
            async driver =>
            {
                var login = (await driver.OpenAsync("/login")).WithoutJavaScript("#login-form");
                login.Fill("email", "alice@example.com");
                login.Fill("password", SessionBridgeApp.AlicePassword);
                return await login.SubmitAsync("#login-form");
            },
            page => page.SignInAsync());
    }

    [SkippableFact]
    public async Task Without_javascript_a_session_row_save_lands_on_the_same_table()
    {
        await AssertSameRegionsAsync(
            javaScript: false,
            ["main", "#greeting", "#alerts"],
            async driver =>
            {
                var page = (await driver.OpenAsync("/session")).WithoutJavaScript("#row-displayName form");
                page.Fill("value", "Bea", within: "#row-displayName");
                return await page.SubmitAsync("#row-displayName form");
            },
            async page =>
            {
                await page.GotoAsync("/session");
                var row = page.Locator("#row-displayName");
                await row.GetByLabel("Display name").FillAsync("Bea");
                await row.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
                await Expect(page.Locator("#greeting")).ToHaveTextAsync("Hello, Bea");
            });
    }

    private async Task AssertSameRegionsAsync(
        bool javaScript,
        string[] regions,
        Func<HtmxBrowser, Task<HtmxPage>> driverSteps,
        Func<IPage, Task> chromiumSteps)
    {
        using var driverApp = new LiveApp();
        using var chromiumApp = new LiveApp();

        var jar = new CookieContainer();
        using var driver = new HtmxBrowser(
            new HttpClient(new HttpClientHandler { CookieContainer = jar, AllowAutoRedirect = false }) { BaseAddress = new Uri(driverApp.BaseUrl) },
            jar);
        driver.Client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        var driverPage = await driverSteps(driver);

        await using var context = await chromium.NewContextAsync(chromiumApp, javaScript, UserAgent);
        var page = await context.NewPageAsync();
        await chromiumSteps(page);

        var differences = new List<string>();
        foreach (var region in regions)
        {
            var inChromium = await page.EvaluateAsync<string?>("selector => document.querySelector(selector)?.outerHTML ?? null", region);
            if (ComparableHtml.Diff(ComparableHtml.Lines(driverPage.Html(region)), ComparableHtml.Lines(inChromium)) is { } diff)
            {
                differences.Add($"'{region}' differs (- driver at {driverPage.Url.PathAndQuery}, + Chromium at {new Uri(page.Url).PathAndQuery}):\n{diff}");
            }
        }

        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }
}
