using Microsoft.Playwright;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>
/// Headless Debian Chromium (<see cref="RequiredTool.ChromiumPath"/>) driven by Playwright, as an xunit
/// class/collection fixture (see <see cref="ChromiumCollectionDefinition"/>). Playwright's Node driver ships inside the
/// Microsoft.Playwright NuGet package (copied to the build output's .playwright/); no browser is ever downloaded
/// (never run `playwright install`: there is no network). When Chromium is missing, the fixture still constructs
/// and the first use of <see cref="Browser"/> skips the test (fails it under CI=true): see <see cref="RequiredTool"/>.
/// </summary>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Chromium's command-line flags: no sandbox (we run as root in containers) and no background traffic.</summary>
    public static IReadOnlyList<string> Arguments { get; } =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    /// <summary>The launched browser; skips (fails under CI) the test when Chromium is not installed.</summary>
    public IBrowser Browser
    {
        get
        {
            RequiredTool.Chromium();
            return _browser ?? throw new InvalidOperationException("ChromiumBrowser was not initialized (InitializeAsync).");
        }
    }

    /// <summary>Starts Playwright and Chromium, unless Chromium is missing (reported when a test uses it).</summary>
    public async Task InitializeAsync()
    {
        if (!File.Exists(RequiredTool.ChromiumPath))
        {
            return;
        }

        _playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = RequiredTool.ChromiumPath,
            Headless = true,
            Args = Arguments,
            Timeout = 30_000,
        }).ConfigureAwait(false);
    }

    /// <summary>A fresh, isolated browser context (own cookies and storage). The caller disposes it.</summary>
    public Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        return Browser.NewContextAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync().ConfigureAwait(false);
            _browser = null;
        }

        _playwright?.Dispose();
        _playwright = null;
    }
}
