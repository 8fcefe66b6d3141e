using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// A node stops cleanly whatever state the store is in: an orchestrator restarting nodes during a Redis incident
/// sends SIGTERM while Redis is going down, and the process must exit 0, not abort on an unhandled exception.
/// </summary>
public sealed class RedisShutdownTests
{
    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_node_told_to_stop_20_ms_after_Redis_started_going_down_exits_cleanly(bool streamOpen)
    {
        await using var redis = await RedisServer.StartNewAsync();
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string> { ["ConnectionStrings__Redis"] = redis.ConnectionString });

        // A session, with or without a live stream (then the node holds a subscription to its channel when Redis goes).
        var jar = new CookieContainer();
        using var browser = new HtmxBrowser(new HttpClient(new CookieContainerHandler(jar) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = app.BaseAddress }, jar);
        string token = (await browser.OpenAsync("/session")).AntiforgeryToken();
        using (var saved = await browser.PostSessionValueAsync(token, "theme", "dark"))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        await using var tab = streamOpen ? await EventStreamClient.OpenAsync(browser) : null;
        if (tab is not null)
        {
            Assert.Equal(": connected", await tab.NextAsync());
        }

        // Redis going down: it stops answering (SIGSTOP: connections open, nothing read), 20 ms later the node is told
        // to stop, and while the node shuts down Redis goes away for good, failing whatever the node had sent it.
        string redisPid = RedisPid(await redis.SendAsync("INFO", "server"));
        Signal("STOP", redisPid);
        await Task.Delay(20);
        app.Terminate();
        await Task.Delay(500);
        await redis.StopAsync();

        int exitCode = await app.ExitCodeAsync(TimeSpan.FromSeconds(60));
        Assert.False(app.Output.Contains("Unhandled exception", StringComparison.Ordinal), app.Output);
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{app.Output}");
    }

    private static string RedisPid(string info) =>
        info.Split('\n', StringSplitOptions.TrimEntries).Single(line => line.StartsWith("process_id:", StringComparison.Ordinal))["process_id:".Length..];

    private static void Signal(string signal, string pid)
    {
        using var kill = System.Diagnostics.Process.Start("kill", ["-" + signal, pid]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
