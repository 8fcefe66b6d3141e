using System.Diagnostics;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>A command run to its end, for the tests that build something (another release, the quick start).</summary>
internal static class ChildProcess
{
    /// <summary>Runs <paramref name="file"/> and returns its exit code and everything it wrote (stdout, then stderr).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string file, string directory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // A build that leaves no MSBuild or compiler server behind, and says nothing it need not.
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        startInfo.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        startInfo.Environment["UseSharedCompilation"] = "false";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>The last lines of a command's output, for a failure message.</summary>
    public static string Tail(string output, int lines = 20) =>
        string.Join('\n', output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));
}
