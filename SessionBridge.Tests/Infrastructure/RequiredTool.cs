namespace SessionBridge.Tests.Infrastructure;

/// <summary>
/// The skip-or-fail rule for tests that need a system tool (redis-server, Chromium, the Nu HTML Checker).
/// When the tool is missing, the test SKIPS with a loud message on a developer machine,
/// but FAILS when the environment variable CI is "true" (or "1"): CI must never go green
/// by silently skipping the Redis and browser tests. <c>./test.sh</c> installs both tools
/// with apt-get when run as root.
/// Use it only from <c>[SkippableFact]</c>/<c>[SkippableTheory]</c> tests: a plain <c>[Fact]</c>
/// reports the skip as a failure.
/// </summary>
public static class RequiredTool
{
    /// <summary>Where Debian's chromium package puts the browser.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] s_redisDirectories = ["/usr/bin", "/usr/sbin", "/usr/local/bin"];

    /// <summary>True when running under CI (CI=true), where a missing tool is a failure, not a skip.</summary>
    public static bool IsCi
    {
        get
        {
            string? ci = Environment.GetEnvironmentVariable("CI");
            return string.Equals(ci, "true", StringComparison.OrdinalIgnoreCase) || ci == "1";
        }
    }

    /// <summary>Returns the path of redis-server, or skips (fails under CI) the current test.</summary>
    public static string Redis()
    {
        return FindRedisServer() ?? throw Missing(
            $"redis-server not found on PATH nor at {string.Join(", ", s_redisDirectories.Select(d => d + "/redis-server"))}");
    }

    /// <summary>Returns <see cref="ChromiumPath"/>, or skips (fails under CI) the current test.</summary>
    public static string Chromium()
    {
        return File.Exists(ChromiumPath) ? ChromiumPath : throw Missing($"chromium not found at {ChromiumPath}");
    }

    /// <summary>
    /// The Nu HTML Checker (vnu.jar from the npm package vnu-jar, which test.sh installs under .tools/) and the java
    /// that runs it, or skips (fails under CI) the current test.
    /// </summary>
    public static (string Java, string Jar) Vnu()
    {
        string? java = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "java"))
            .FirstOrDefault(File.Exists);
        string jar = Path.Combine(RepoRoot(), ".tools", "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
        if (java is null)
        {
            throw Missing("java not found on PATH (the Nu HTML Checker needs it)");
        }

        return File.Exists(jar) ? (java, jar) : throw Missing($"the Nu HTML Checker is not installed at {jar}");
    }

    /// <summary>The folder that holds SessionBridge.sln.</summary>
    public static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SessionBridge.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("SessionBridge.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>redis-server's path from PATH or the usual Debian/local directories, or null.</summary>
    public static string? FindRedisServer()
    {
        IEnumerable<string> pathDirectories = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return pathDirectories.Concat(s_redisDirectories)
            .Select(directory => Path.Combine(directory, "redis-server"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The exception for a missing tool: a skip on a developer machine, a failure under CI.</summary>
    public static Exception Missing(string what)
    {
        return Missing(what, IsCi);
    }

    internal static Exception Missing(string what, bool isCi)
    {
        const string Install = "./test.sh installs it (apt-get as root: redis-server chromium default-jre-headless; "
            + "npm: vnu-jar into .tools/)";
        return isCi
            ? new InvalidOperationException($"{what}; {Install}. CI=true, so a missing tool FAILS the test instead of skipping it.")
            : new SkipException($"*** MISSING TOOL, TEST SKIPPED *** {what}; {Install}.");
    }
}
