using System.Diagnostics;
using System.Globalization;

namespace SessionBridge.Bench;

/// <summary>Runs Debian's wrk with bench/wrk/check.lua, which checks every answer.</summary>
internal sealed class Wrk(string scriptPath, int connections)
{
    public async Task<WrkResult> RunAsync(BenchCase benchCase, TimeSpan duration)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[]
        {
            "-t1", "-c" + connections.ToString(CultureInfo.InvariantCulture), "-d" + ((int)duration.TotalSeconds).ToString(CultureInfo.InvariantCulture) + "s",
            "--latency", "--timeout", "5s", "-s", scriptPath, benchCase.App.BaseUrl.ToString().TrimEnd('/'),
        })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["BENCH_METHOD"] = benchCase.Method;
        start.Environment["BENCH_PATH"] = benchCase.Path;
        start.Environment["BENCH_BODY"] = benchCase.Body;
        start.Environment["BENCH_HEADERS"] = string.Join('\n', benchCase.RequestHeaders);
        start.Environment["BENCH_STATUS"] = benchCase.Status.ToString(CultureInfo.InvariantCulture);
        start.Environment["BENCH_EXPECT"] = benchCase.Expect;

        using var process = Process.Start(start)!;
        string output = await process.StandardOutput.ReadToEndAsync();
        string errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        string? result = output.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        if (process.ExitCode != 0 || result is null)
        {
            // Most often the app is gone: say so, with its exit code, rather than wrk's "connection refused".
            benchCase.App.Process.ThrowIfExited();
            throw new InvalidOperationException($"wrk failed for {benchCase.Id} ({process.ExitCode}): {output} {errors}");
        }

        long[] n = [.. result["RESULT ".Length..].Split(' ').Select(v => long.Parse(v, CultureInfo.InvariantCulture))];
        string? firstBad = output.Split('\n').FirstOrDefault(l => l.StartsWith("FIRST_BAD ", StringComparison.Ordinal));
        return new WrkResult(n[0], n[1], n[2], n[3], n[4], n[5], firstBad);
    }
}
