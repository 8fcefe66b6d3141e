using System.Diagnostics;
using System.Globalization;

namespace SessionBridge.Bench;

/// <summary>What the benchmark's redis-server says about itself, read with redis-cli (which sends only INFO).</summary>
internal sealed class RedisStats(int port)
{
    public int Port => port;

    public long UsedMemory() => long.Parse(
        Cli("INFO", "memory").Split('\n').First(l => l.StartsWith("used_memory:", StringComparison.Ordinal))["used_memory:".Length..].Trim(),
        CultureInfo.InvariantCulture);

    public string Cli(params string[] arguments)
    {
        var start = new ProcessStartInfo("redis-cli") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-p");
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
