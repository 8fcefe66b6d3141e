using Microsoft.Playwright;
using SessionBridge.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionBridge.Tests.Browser;

/// <summary>
/// Every state a person can see on the pages of the flows, each reached the way a person reaches it (through the real
/// forms, in a fresh browser context), for the layout, accessibility and screenshot tests to look at.
/// </summary>
public static class PageStates
{
    /// <summary>The User-Agents of the other devices Alice has signed in on, so the account page lists several sessions.</summary>
    private static readonly string[] s_otherDevices =
    [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
    ];

    /// <summary>The names of the states.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "home", "login", "login with error", "account with several sessions", "session table",
        "session table with a row error", "error 400", "error 404", "error 413", "error 429", "error 503",
    ];

    /// <summary>The names of the states, for theories (one case per state).</summary>
    public static TheoryData<string> Names { get; } = new(All);

    /// <summary>Opens a new page of <paramref name="context"/> and brings it into the named state.</summary>
    public static async Task<IPage> OpenAsync(this IBrowserContext context, ChromiumBrowser chromium, LiveApp app, string state)
    {
        var page = await context.NewPageAsync();
        switch (state)
        {
            case "home":
                await page.GotoAsync("/");
                break;
            case "login":
                await page.GotoAsync("/login");
                break;
            case "login with error":
                await page.GotoAsync("/login");
                await page.Locator("#email").FillAsync("alice@example.com");
                await page.Locator("#password").FillAsync("not-her-password");
                await page.Locator("#login-form button[type=submit]").ClickAsync();
                await Expect(page.Locator("#login-error")).ToBeVisibleAsync();
                break;
            case "account with several sessions":
                await SignInOnOtherDevicesAsync(chromium, app);
                await page.SignInAsync();
                await Expect(page.Locator("#sessions tbody tr")).Not.ToHaveCountAsync(1);
                break;
            case "session table":
                await page.GotoAsync("/session");
                break;
            case "session table with a row error":
                // The browser keeps a name within maxlength; a longer one still reaches the server from a script or
                // an old page, and its refusal is shown next to the field.
                await page.GotoAsync("/session");
                await page.Locator("#value-displayName").EvaluateAsync("field => field.removeAttribute('maxlength')");
                await page.Locator("#value-displayName").FillAsync(new string('x', 41));
                await Expect(page.Locator("#row-displayName-error")).ToBeVisibleAsync();
                break;
            case ['e', 'r', 'r', 'o', 'r', ' ', .. var code]:
                await page.GotoAsync("/error/" + code);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state), state, "no such page state");
        }

        // A page with a live channel connects it right after load: let that settle, so nothing changes under the test.
        await page.WaitForFunctionAsync(
            "() => !document.querySelector('[data-sse-connect]:not([data-sse-connect=\"\"])')"
            + " || window.__sb.sseOpen + window.__sb.sseError > 0");
        return page;
    }

    /// <summary>Alice signs in on two other devices (an iPhone, a Windows PC), each in its own context.</summary>
    public static async Task SignInOnOtherDevicesAsync(ChromiumBrowser chromium, LiveApp app)
    {
        foreach (string userAgent in s_otherDevices)
        {
            await using var device = await chromium.NewContextAsync(app, userAgent: userAgent);
            var page = await device.NewPageAsync();
            await page.SignInAsync();
        }
    }
}
