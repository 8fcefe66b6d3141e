using Microsoft.Playwright;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Browser;

/// <summary>
/// Steps the real-browser stories share: a fresh context on the live app, signing in through the real form, and
/// waiting for the live channel. Everything waits with Playwright's auto-waiting (at most <see cref="Timeout"/>).
/// </summary>
public static class BrowserStory
{
    /// <summary>
    /// How long any one step may take before the story fails. A sign-in hashes a password (PBKDF2) and navigates twice;
    /// on two shared cores under a parallel suite that took over 10 s once, so the bound is generous: it only decides
    /// how late a real failure is reported.
    /// </summary>
    public const float Timeout = 20_000;

    /// <summary>
    /// Runs before any page script: counts htmx-ext-sse's opened and failed live channels and records CSP violations
    /// (all bubble to the document), so a story can wait for the live channel and assert nothing was blocked.
    /// </summary>
    private const string Probe = """
        window.__sb = { sseOpen: 0, sseError: 0, csp: [] };
        document.addEventListener("htmx:sseOpen", function () { window.__sb.sseOpen++; });
        document.addEventListener("htmx:sseError", function () { window.__sb.sseError++; });
        document.addEventListener("securitypolicyviolation", function (e) {
            window.__sb.csp.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline"));
        });
        """;

    static BrowserStory() => Assertions.SetDefaultExpectTimeout(Timeout);

    /// <summary>
    /// A fresh browser context (own cookies) on the live app; relative URLs resolve against it. Without a viewport it
    /// is Playwright's 1280×720; without a colour scheme the OS prefers light.
    /// </summary>
    /// <param name="locale">The browser's language (navigator.language and Accept-Language); Chromium's en-US when null.</param>
    public static async Task<IBrowserContext> NewContextAsync(
        this ChromiumBrowser chromium, LiveApp app, bool javaScript = true, string? userAgent = null, string? locale = null,
        ViewportSize? viewport = null, ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            JavaScriptEnabled = javaScript,
            UserAgent = userAgent,
            Locale = locale,
            ViewportSize = viewport,
            ColorScheme = colorScheme,
        });
        context.SetDefaultTimeout(Timeout);
        context.SetDefaultNavigationTimeout(Timeout);
        await context.AddInitScriptAsync(Probe);
        return context;
    }

    /// <summary>Signs in through the real login form (with or without JavaScript) and waits for the account page.</summary>
    public static async Task SignInAsync(this IPage page, string email = "alice@example.com", string password = SessionBridgeApp.AlicePassword)
    {
        await page.GotoAsync("/login");
        // By id rather than by label: the form is in the browser's language.
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("#login-form button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/account");
    }

    /// <summary>Opens a page and waits until htmx-ext-sse has opened its live channel (GET /events) on it.</summary>
    public static async Task<IPage> OpenLiveAsync(this IBrowserContext context, string path)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(path);
        await page.WaitForLiveChannelAsync();
        return page;
    }

    /// <summary>Waits until the page's live channel is open, so an event published from now on reaches it.</summary>
    public static async Task WaitForLiveChannelAsync(this IPage page)
    {
        try
        {
            await page.WaitForFunctionAsync("() => window.__sb && window.__sb.sseOpen > 0");
        }
        catch (TimeoutException ex)
        {
            var cookies = await page.Context.CookiesAsync();
            throw new TimeoutException(
                $"The live channel (GET /events) did not open on {page.Url}; cookies: {string.Join(", ", cookies.Select(c => c.Name))}", ex);
        }
    }

    /// <summary>The CSP violations the page has reported since it loaded.</summary>
    public static Task<string[]> CspViolationsAsync(this IPage page) =>
        page.EvaluateAsync<string[]>("() => window.__sb ? window.__sb.csp : []");
}
