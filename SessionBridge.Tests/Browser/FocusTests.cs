using Microsoft.Playwright;
using SessionBridge.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionBridge.Tests.Browser;

/// <summary>
/// A keyboard or screen reader user keeps their place: after a refused form the focus is on the first field in
/// error and the error is announced; after a swap that replaced the focused control, the focus is back on it (or, when
/// it is gone, on the message that says why).
/// </summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class FocusTests(ChromiumBrowser chromium, LiveApp app) : IClassFixture<LiveApp>
{
    [SkippableTheory]
    [InlineData("click")]
    [InlineData("enter")]
    public async Task After_a_failed_sign_in_the_focus_is_on_the_first_field_in_error_and_the_error_is_an_alert(string how)
    {
        await using var context = await chromium.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync("alice@example.com");
        await page.GetByLabel("Password").FillAsync("not-her-password");

        if (how == "click")
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        }
        else
        {
            await page.GetByLabel("Password").PressAsync("Enter");
        }

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Email or password is incorrect.");
        await Expect(page.GetByLabel("Email")).ToBeFocusedAsync();
        await Expect(page.GetByLabel("Email")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByLabel("Email")).ToHaveAttributeAsync("aria-describedby", "login-error");
    }

    [SkippableFact]
    public async Task Saving_a_row_with_its_button_leaves_the_focus_on_that_button_of_the_new_row()
    {
        await using var context = await chromium.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/session");
        var save = page.Locator("#row-theme").GetByRole(AriaRole.Button, new() { Name = "Save" });
        await save.FocusAsync();

        var saved = page.WaitForResponseAsync(r => r.Request.Method == "POST" && r.Url.EndsWith("/session/theme", StringComparison.Ordinal));
        await page.Keyboard.PressAsync("Enter");
        await saved;

        await Expect(page.Locator("#row-theme time")).ToBeVisibleAsync();
        await Expect(save).ToBeFocusedAsync();
    }

    [SkippableFact]
    public async Task A_refused_value_keeps_the_focus_on_its_field_and_announces_the_error()
    {
        await using var context = await chromium.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/session");
        var field = page.Locator("#value-displayName");
        await field.EvaluateAsync("field => field.removeAttribute('maxlength')");

        await field.FillAsync(new string('x', 41));

        await Expect(page.Locator("#row-displayName").GetByRole(AriaRole.Alert)).ToBeVisibleAsync();
        await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(field).ToBeFocusedAsync();
    }

    [SkippableFact]
    public async Task Signing_out_a_device_from_its_row_puts_the_focus_on_the_message_that_says_so()
    {
        await PageStates.SignInOnOtherDevicesAsync(chromium, app);
        await using var context = await chromium.NewContextAsync(app);
        var page = await context.NewPageAsync();
        await page.SignInAsync();
        var row = page.Locator("#sessions tbody tr").Filter(new() { HasText = "Safari on iOS" }).First;

        await row.GetByRole(AriaRole.Button, new() { Name = "Sign out device" }).ClickAsync();

        var message = page.Locator("#sessions-region").GetByRole(AriaRole.Status);
        await Expect(message).ToHaveTextAsync("Signed out Safari on iOS.");
        await Expect(message).ToBeFocusedAsync();
    }
}
