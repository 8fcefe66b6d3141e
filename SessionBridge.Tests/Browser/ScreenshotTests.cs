using System.Buffers.Binary;
using Microsoft.Playwright;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Browser;

/// <summary>
/// The README's screenshots of the login, account and session pages: light and dark at 1280 px, a 390 px phone, and
/// German (a browser that asks for it with Accept-Language).
/// <c>docs/screenshots.sh</c> runs this with SB_SCREENSHOTS set to docs/screenshots/; in the suite they go to a
/// temporary folder and the test proves every shot is taken at the size it claims.
/// </summary>
[Collection(ChromiumCollectionDefinition.Name)]
[Trait("Category", "Screenshots")]
public sealed class ScreenshotTests(ChromiumBrowser chromium, LiveApp app) : IClassFixture<LiveApp>
{
    private static readonly (string Page, string Path)[] s_pages = [("login", "/login"), ("account", "/account"), ("session", "/session")];

    private static readonly (string Name, int Width, ColorScheme Scheme, string? Locale)[] s_looks =
    [
        ("light", 1280, ColorScheme.Light, null), ("dark", 1280, ColorScheme.Dark, null), ("phone", 390, ColorScheme.Light, null),
        ("german", 1280, ColorScheme.Light, "de-DE"),
    ];

    [SkippableFact]
    public async Task Login_account_and_session_pages_are_shot_light_dark_on_a_phone_and_in_German()
    {
        string folder = Environment.GetEnvironmentVariable("SB_SCREENSHOTS") is { Length: > 0 } configured
            ? configured
            : Directory.CreateTempSubdirectory("sb-screenshots-").FullName;
        Directory.CreateDirectory(folder);
        await PageStates.SignInOnOtherDevicesAsync(chromium, app);

        foreach (var look in s_looks)
        {
            await using var context = await chromium.NewContextAsync(
                app, locale: look.Locale, viewport: new() { Width = look.Width, Height = 800 }, colorScheme: look.Scheme);
            var page = await context.NewPageAsync();
            foreach (var (name, path) in s_pages)
            {
                if (name == "account")
                {
                    await page.SignInAsync();
                }
                else
                {
                    await page.GotoAsync(path);
                }

                string file = Path.Combine(folder, $"{name}-{look.Name}.png");
                await page.ScreenshotAsync(new() { Path = file, FullPage = true, Animations = ScreenshotAnimations.Disabled });

                Assert.Equal(look.Width, PngWidth(file));
                Assert.Equal(look.Locale?[..2] ?? "en", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
            }
        }
    }

    /// <summary>The width in a PNG's IHDR chunk, which follows the 8-byte signature and the chunk's length and type.</summary>
    private static int PngWidth(string file) => BinaryPrimitives.ReadInt32BigEndian(File.ReadAllBytes(file).AsSpan(16, 4));
}
