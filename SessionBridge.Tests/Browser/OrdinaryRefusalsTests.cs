using Microsoft.Playwright;
using SessionBridge.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SessionBridge.Tests.Browser;

/// <summary>
/// A wrong password or a refused value is an ordinary answer (422, swapped in place), not an error: htmx must not log
/// it to the console as one ("Response Status Error Code 422").
/// </summary>
[Collection(ChromiumCollectionDefinition.Name)]
public sealed class OrdinaryRefusalsTests(ChromiumBrowser chromium, LiveApp app) : IClassFixture<LiveApp>
{
    [SkippableFact]
    public async Task A_wrong_password_and_a_refused_value_log_no_htmx_error()
    {
        await using var context = await chromium.NewContextAsync(app);
        var page = await context.NewPageAsync();
        var logged = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                logged.Add(message.Text);
            }
        };

        await page.GotoAsync("/login");
        await page.GetByLabel("Email").FillAsync("alice@example.com");
        await page.GetByLabel("Password").FillAsync("not-her-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#login-error")).ToHaveTextAsync("Email or password is incorrect.");

        await page.GotoAsync("/session");
        var refused = page.WaitForResponseAsync(r => r.Request.Method == "POST" && r.Status == 422);
        // Past the field's maxlength, as a script or an old browser could send it.
        await page.EvaluateAsync("() => document.getElementById('value-displayName').value = 'x'.repeat(41)");
        await page.Locator("#row-displayName button[type=submit]").ClickAsync();
        await refused;
        await Expect(page.Locator("#row-displayName .error")).ToBeVisibleAsync();

        Assert.DoesNotContain(logged, text => text.Contains("Response Status Error", StringComparison.Ordinal));
    }
}
