using Microsoft.Playwright;
using SessionBridge.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionBridge.Tests.Browser;

/// <summary>The language key in a real Chromium: the first byte, the switch that re-renders in place, and other tabs.</summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class LanguageInBrowserTests(ChromiumBrowser chromium, LiveApp app) : IClassFixture<LiveApp>
{
    [SkippableTheory]
    [InlineData("en-US", "en", "Session data", "Sign in")]
    [InlineData("de-DE", "de", "Sitzungsdaten", "Anmelden")]
    [InlineData("fr-FR", "fr", "Données de session", "Se connecter")]
    [InlineData("es-ES", "es", "Datos de sesión", "Iniciar sesión")]
    [InlineData("nl-NL", "nl", "Sessiegegevens", "Inloggen")]
    public async Task A_browser_in_each_language_gets_the_pages_in_it_from_the_first_byte(string locale, string language, string sessionTitle, string signIn)
    {
        await using var context = await chromium.NewContextAsync(app, locale: locale);
        var page = await context.NewPageAsync();

        var session = await page.GotoAsync("/session");
        Assert.Contains($"<html lang=\"{language}\"", await session!.TextAsync(), StringComparison.Ordinal);
        await Expect(page.Locator("h1")).ToHaveTextAsync(sessionTitle);
        await Expect(page.Locator("#language-switch-value")).ToHaveValueAsync(language);

        await page.GotoAsync("/login");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await Expect(page.Locator("#login-form button[type=submit]")).ToHaveTextAsync(signIn);
        Assert.Empty(await page.CspViolationsAsync());
    }

    [SkippableFact]
    public async Task Switching_language_re_renders_the_page_in_place_and_keeps_what_was_typed_and_the_focus()
    {
        await using var context = await chromium.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login?reason=signed-out");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await page.GetByLabel("Email").FillAsync("alice@example.com");
        await page.Locator("#language-switch-value").FocusAsync();

        await page.Locator("#language-switch-value").SelectOptionAsync("de");

        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Anmelden");
        await Expect(page.Locator(".notice")).ToHaveTextAsync("Sie wurden abgemeldet.");
        await Expect(page.GetByLabel("E-Mail")).ToHaveValueAsync("alice@example.com");
        await Expect(page.Locator("#language-switch-value")).ToBeFocusedAsync();
        await Expect(page).ToHaveTitleAsync("Anmelden · SessionBridge");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded instead of re-rendered in place");

        // The re-rendered form still works: the same page signs in.
        await page.GetByLabel("Passwort").FillAsync(SessionBridgeApp.AlicePassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
        await page.WaitForURLAsync("**/account");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Konto");
    }

    [SkippableFact]
    public async Task Text_typed_just_before_switching_language_is_kept_and_saved()
    {
        await using var context = await chromium.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/session");
        await page.Locator("#value-displayName").FillAsync("A");
        await Expect(page.Locator("#greeting")).ToHaveTextAsync("Hello, A");

        // The switch comes while the name's save still waits for its debounce.
        await page.Locator("#value-displayName").FillAsync("Bea");
        await page.Locator("#language-switch-value").SelectOptionAsync("nl");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Sessiegegevens");
        await Expect(page.Locator("#value-displayName")).ToHaveValueAsync("Bea");
        await Expect(page.Locator("#greeting")).ToHaveTextAsync("Hallo, Bea");
        await page.ReloadAsync();
        await Expect(page.Locator("#value-displayName")).ToHaveValueAsync("Bea");
    }

    [SkippableFact]
    public async Task The_session_page_switches_through_all_five_languages_in_place()
    {
        await using var context = await chromium.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/session");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        foreach (var (language, title) in new[] { ("fr", "Données de session"), ("es", "Datos de sesión"), ("nl", "Sessiegegevens"), ("de", "Sitzungsdaten"), ("en", "Session data") })
        {
            await page.Locator("#value-language").SelectOptionAsync(language);

            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
            await Expect(page.Locator("h1")).ToHaveTextAsync(title);
            await Expect(page.Locator("#value-language")).ToHaveValueAsync(language);
        }

        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was reloaded instead of re-rendered in place");
        Assert.Empty(await page.CspViolationsAsync());
    }

    [SkippableFact]
    public async Task A_language_chosen_in_one_tab_re_renders_the_other_tab_in_place_and_keeps_it_live()
    {
        await using var context = await chromium.NewContextAsync(app);
        var tabA = await context.NewPageAsync();
        await tabA.GotoAsync("/session");
        await tabA.Locator("#value-displayName").FillAsync("Bea");
        await Expect(tabA.Locator("#greeting")).ToHaveTextAsync("Hello, Bea");
        var tabB = await context.OpenLiveAsync("/session");
        await tabB.EvaluateAsync("() => { window.__sameDocument = true; }");

        await tabA.Locator("#language-switch-value").SelectOptionAsync("fr");

        await Expect(tabB.Locator("html")).ToHaveAttributeAsync("lang", "fr");
        await Expect(tabB.Locator("h1")).ToHaveTextAsync("Données de session");
        await Expect(tabB.Locator("#greeting")).ToHaveTextAsync("Bonjour, Bea");
        Assert.True(await tabB.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the other tab was reloaded instead of re-rendered in place");

        // Still live after the re-render: a later change in tab A reaches tab B.
        await tabA.Locator("#value-displayName").FillAsync("Cleo");
        await Expect(tabB.Locator("#greeting")).ToHaveTextAsync("Bonjour, Cleo");
        await Expect(tabB.Locator("#value-displayName")).ToHaveValueAsync("Cleo");
    }
}
