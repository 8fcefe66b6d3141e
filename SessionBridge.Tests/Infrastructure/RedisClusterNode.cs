using System.Diagnostics;
using System.Globalization;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>One redis-server of a <see cref="RedisCluster"/>: its port, and the ways a test fails it.</summary>
public sealed class RedisClusterNode(int port, Process process, string directory)
{
    public int Port { get; } = port;

    public string PortText => Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>127.0.0.1:port.</summary>
    public string EndPoint => "127.0.0.1:" + PortText;

    /// <summary>The current process; a restart replaces it.</summary>
    internal Process Process { get; set; } = process;

    internal string Directory { get; } = directory;

    /// <summary>SIGKILL: the node is gone at once, with whatever it had not replicated yet (see <see cref="RedisCluster.RestartAsync"/>).</summary>
    public void Kill() => RedisCluster.Kill(Process);

    /// <summary>SIGSTOP: the node stops reading, answering and replicating until <see cref="Resume"/>.</summary>
    public void Pause() => Signal("STOP");

    /// <summary>SIGCONT after <see cref="Pause"/>.</summary>
    public void Resume() => Signal("CONT");

    private void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {Process.Id} failed with {kill.ExitCode}");
        }
    }
}
