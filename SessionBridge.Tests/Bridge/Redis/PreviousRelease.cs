using System.Diagnostics;
using System.Globalization;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// The release before this one, built from this clone's git history into <c>.tools/previous-release/&lt;commit&gt;</c>
/// (gitignored) the first time a test asks, and reused after that. What it cannot do (the commit is not in the
/// history, e.g. a shallow clone; the build fails) skips the test loudly, and fails it under CI=true.
/// </summary>
internal static class PreviousRelease
{
    /// <summary>The release before this one: main as it was deployed before stored formats carried versions.</summary>
    public const string Commit = "46d09bdd2c10ee47cf7071eec6b8826f39ea34d2";

    // What SessionBridge.Web needs to build on its own.
    private static readonly string[] s_paths = ["SessionBridge.Web", "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig"];

    private static readonly SemaphoreSlim s_building = new(1, 1);

    /// <summary>The folder the release was built in (a copy of the repository at <see cref="Commit"/>).</summary>
    public static string Folder => Path.Combine(RequiredTool.RepoRoot(), ".tools", "previous-release", Commit);

    /// <summary>The release's project folder: its content root, where its appsettings are.</summary>
    public static string ContentRoot => Path.Combine(Folder, "SessionBridge.Web");

    public static string Dll => Path.Combine(ContentRoot, "bin", "Release", "net10.0", "SessionBridge.Web.dll");

    private static string BuiltMarker => Path.Combine(Folder, ".built");

    /// <summary>Builds the release unless a build of it is there already; returns how long the build took (zero: reused).</summary>
    public static async Task<TimeSpan> EnsureBuiltAsync()
    {
        await s_building.WaitAsync();
        try
        {
            if (File.Exists(BuiltMarker) && File.Exists(Dll))
            {
                return TimeSpan.Zero;
            }

            var started = Stopwatch.StartNew();
            string repo = RequiredTool.RepoRoot();
            if ((await RunAsync("git", repo, "cat-file", "-e", Commit + "^{commit}")).ExitCode != 0)
            {
                throw Unavailable($"commit {Commit} (the previous release) is not in this clone's history; a shallow clone needs "
                    + "`git fetch --unshallow` (CI: fetch-depth: 0)");
            }

            if (Directory.Exists(Folder))
            {
                Directory.Delete(Folder, recursive: true);
            }

            Directory.CreateDirectory(Folder);
            string archive = Path.Combine(Folder, "source.tar");
            await RunOrThrowAsync("git", repo, ["archive", "--format=tar", "-o", archive, Commit, .. s_paths]);
            await RunOrThrowAsync("tar", Folder, "-xf", archive);
            File.Delete(archive);
            await RunOrThrowAsync("dotnet", Folder, "build", Path.Combine("SessionBridge.Web", "SessionBridge.Web.csproj"), "-c", "Release", "-nologo", "-v", "q");
            await File.WriteAllTextAsync(BuiltMarker, string.Create(CultureInfo.InvariantCulture, $"built in {started.Elapsed.TotalSeconds:F1} s\n"));
            return started.Elapsed;
        }
        finally
        {
            s_building.Release();
        }
    }

    private static async Task RunOrThrowAsync(string file, string directory, params string[] arguments)
    {
        var (exitCode, output) = await RunAsync(file, directory, arguments);
        if (exitCode != 0)
        {
            throw Unavailable($"`{file} {string.Join(' ', arguments)}` exited with {exitCode}:\n{ChildProcess.Tail(output)}");
        }
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string file, string directory, params string[] arguments) =>
        ChildProcess.RunAsync(file, directory, null, arguments);

    private static Exception Unavailable(string what) =>
        RequiredTool.IsCi
            ? new InvalidOperationException($"The previous release cannot be built: {what}. CI=true, so this FAILS the rolling-deploy test instead of skipping it.")
            : new SkipException($"*** PREVIOUS RELEASE UNAVAILABLE, ROLLING-DEPLOY TEST SKIPPED *** {what}.");
}
