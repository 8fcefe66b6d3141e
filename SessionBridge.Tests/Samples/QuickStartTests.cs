using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using SessionBridge.Tests.Bridge.Redis;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Samples;

/// <summary>
/// samples/QuickStart as a developer adopts SessionBridge: the two libraries packed into a folder feed, the sample
/// copied into an empty directory and built from that feed alone (no project reference), its own page tests run, and
/// the app started as a process and signed in through over HTTP. The build is shared by the tests of this class.
/// </summary>
public sealed class QuickStartTests(QuickStartBuild build) : IClassFixture<QuickStartBuild>
{
    [SkippableFact]
    public async Task The_sample_built_from_the_packages_passes_its_own_page_tests()
    {
        var sample = await build.GetAsync();

        var (exitCode, output) = await ChildProcess.RunAsync("dotnet", sample.Folder, null,
            "test", Path.Combine("QuickStart.Tests", "QuickStart.Tests.csproj"), "-c", "Release", "--no-build", "-nologo");

        Assert.True(exitCode == 0, "the quick start's own tests failed:\n" + ChildProcess.Tail(output, 40));
        Assert.Contains("Passed!  - Failed:     0, Passed:     2", output, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_sample_runs_and_signs_the_demo_user_in()
    {
        var sample = await build.GetAsync();
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>(), sample.Dll, sample.ContentRoot);
        var jar = new CookieContainer();
        using var browser = new HtmxBrowser(
            new HttpClient(new CookieContainerHandler(jar) { InnerHandler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false } })
            {
                BaseAddress = app.BaseAddress,
            },
            jar);

        var home = await browser.OpenAsync("/");
        Assert.Equal("You are a visitor.", home.Text("#greeting"));
        Assert.Equal("light", home.Document.DocumentElement.GetAttribute("data-theme"));

        // The one session key, declared on <html>: saved by a visitor, in the first HTML of every page after.
        home.Fill("theme", "dark");
        var saved = await home.SubmitAsync("#theme-form");
        Assert.Equal("dark", saved.Document.DocumentElement.GetAttribute("data-theme"));

        var login = await browser.OpenAsync("/private");
        Assert.Equal("/login", login.Url.AbsolutePath);
        login.Fill("email", "demo@example.com");
        login.Fill("password", "QuickStart!2026");
        var landed = await login.SubmitAsync("#login");

        Assert.Equal("/private", landed.Url.AbsolutePath);
        Assert.Equal("Signed in as demo@example.com.", landed.Text("#user"));
        Assert.Equal("dark", landed.Document.DocumentElement.GetAttribute("data-theme"));
        Assert.Contains(jar.GetCookies(app.BaseAddress), cookie => cookie.Name == "sb-session" && cookie.HttpOnly);
    }
}

/// <summary>The quick start packed, copied and built once for the tests that use it.</summary>
public sealed class QuickStartBuild : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sb-quickstart-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly SemaphoreSlim _building = new(1, 1);
    private Built? _built;

    /// <summary>The sample's copy (<see cref="Folder"/>), its app's dll and content root.</summary>
    public sealed record Built(string Folder, string Dll, string ContentRoot);

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public async Task<Built> GetAsync()
    {
        await _building.WaitAsync();
        try
        {
            return _built ??= await BuildAsync();
        }
        finally
        {
            _building.Release();
        }
    }

    private async Task<Built> BuildAsync()
    {
        string repo = RequiredTool.RepoRoot();
        string feed = Path.Combine(_root, "feed");
        string folder = Path.Combine(_root, "QuickStart");

        // A version of its own, so no package cache can hold an older build under the same number.
        string version = "0.1.0-suite-" + Guid.NewGuid().ToString("N")[..8];
        foreach (string library in new[] { "SessionBridge/SessionBridge.csproj", "SessionBridge.Testing/SessionBridge.Testing.csproj" })
        {
            await RunOrThrowAsync(repo, "pack", Path.Combine(repo, library), "-c", Configuration, "--no-build", "-o", feed, "-p:PackageVersion=" + version);
        }

        CopyDirectory(Path.Combine(repo, "samples", "QuickStart"), folder);

        // The feed beside the sources the machine already has; packages restored into a folder of this build's own, with
        // the machine's package folder to fall back on (what the repository's restore already has, nothing downloaded).
        string machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        await File.WriteAllTextAsync(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Path.Combine(_root, "packages")}" /></config>
              <packageSources><add key="sessionbridge-local" value="{feed}" /></packageSources>
              <fallbackPackageFolders><add key="machine" value="{machinePackages}" /></fallbackPackageFolders>
            </configuration>
            """);

        await RunOrThrowAsync(folder, "build", Path.Combine("QuickStart.Tests", "QuickStart.Tests.csproj"), "-c", "Release", "-p:SessionBridgeVersion=" + version);
        string contentRoot = Path.Combine(folder, "QuickStart");
        return new Built(folder, Path.Combine(contentRoot, "bin", "Release", "net10.0", "QuickStart.dll"), contentRoot);
    }

    private static async Task RunOrThrowAsync(string directory, params string[] arguments)
    {
        var (exitCode, output) = await ChildProcess.RunAsync("dotnet", directory, null, [.. arguments, "-nologo"]);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"`dotnet {string.Join(' ', arguments)}` exited with {exitCode}:\n{ChildProcess.Tail(output, 40)}");
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            string target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose()
    {
        _building.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
