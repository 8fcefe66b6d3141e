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
    [SkippableFact]
    public async Task A_node_told_to_stop_20_ms_after_Redis_went_down_exits_cleanly_with_an_event_stream_open()
    {
        await using var redis = await RedisServer.StartNewAsync();
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string> { ["ConnectionStrings__Redis"] = redis.ConnectionString });

        // A session with a live stream: the node holds a subscription to its channel when Redis goes.
        var jar = new CookieContainer();
        using var browser = new HtmxBrowser(new HttpClient(new CookieContainerHandler(jar) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = app.BaseAddress }, jar);
        string token = (await browser.OpenAsync("/session")).AntiforgeryToken();
        using (var saved = await browser.PostSessionValueAsync(token, "theme", "dark"))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        await using var tab = await EventStreamClient.OpenAsync(browser);
        Assert.Equal(": connected", await tab.NextAsync());

        await redis.StopAsync();
        await Task.Delay(20);
        app.Terminate();

        int exitCode = await app.ExitCodeAsync(TimeSpan.FromSeconds(60));
        Assert.False(app.Output.Contains("Unhandled exception", StringComparison.Ordinal), app.Output);
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{app.Output}");
    }
}
