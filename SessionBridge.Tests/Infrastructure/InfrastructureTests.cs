using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using StackExchange.Redis;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>Proves the test infrastructure itself: a real redis-server, outages on the same port,
/// command counting, and Playwright + Debian Chromium loading a page from a loopback Kestrel.</summary>
public sealed class InfrastructureTests(RedisServer sharedRedis, ChromiumBrowser chromium)
    : IClassFixture<RedisServer>, IClassFixture<ChromiumBrowser>
{
    [SkippableFact]
    public async Task RedisFixtureAnswersPing()
    {
        Assert.Equal("PONG", await sharedRedis.SendAsync("PING"));
        using IConnectionMultiplexer connection = await sharedRedis.ConnectAsync();
        Assert.True(connection.IsConnected);
        await connection.GetDatabase().PingAsync();
    }

    [SkippableFact]
    public async Task RedisStopRefusesConnectionsAndStartRecoversOnTheSamePort()
    {
        await using RedisServer redis = await RedisServer.StartNewAsync();
        int port = redis.Port;
        await redis.SendAsync("SET", "k", "v");

        await redis.StopAsync();
        Assert.False(redis.IsRunning);
        using (var client = new TcpClient())
        {
            await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
        }

        await redis.StartAsync();
        Assert.Equal(port, redis.Port);
        Assert.Equal("PONG", await redis.SendAsync("PING"));
        Assert.Equal("0", await redis.SendAsync("EXISTS", "k")); // an outage loses the data: no persistence
    }

    [SkippableFact]
    public async Task RedisClientWithAbortConnectFalseRecoversAfterAnOutage()
    {
        await using RedisServer redis = await RedisServer.StartNewAsync();
        var options = ConfigurationOptions.Parse(redis.ConnectionString);
        options.BacklogPolicy = BacklogPolicy.FailFast; // fail at once while down instead of queueing until a timeout
        options.ReconnectRetryPolicy = new LinearRetry(200);
        using ConnectionMultiplexer client = await ConnectionMultiplexer.ConnectAsync(options);
        IDatabase db = client.GetDatabase();
        await db.StringSetAsync("k", "before");

        await redis.StopAsync();
        await Assert.ThrowsAnyAsync<RedisException>(() => db.StringGetAsync("k"));

        await redis.StartAsync();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!client.IsConnected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await db.StringSetAsync("k", "after");
        Assert.Equal("after", (string?)await db.StringGetAsync("k"));
    }

    [SkippableFact]
    public async Task RedisCommandCountGoesUpByTheCommandsSent()
    {
        await using RedisServer redis = await RedisServer.StartNewAsync();
        using IConnectionMultiplexer connection = await redis.ConnectAsync();
        IDatabase db = connection.GetDatabase();

        long before = await redis.QuietCommandCountAsync(); // the client's handshake may still be finishing
        await db.StringSetAsync("a", "1");
        await db.StringGetAsync("a");
        await db.StringIncrementAsync("counter");
        long after = await redis.CommandCountAsync();

        Assert.Equal(3, after - before);
        Assert.Equal(after, await redis.CommandCountAsync()); // measuring sends nothing that counts
    }

    [SkippableFact]
    public async Task RedisFlushallEmptiesTheServer()
    {
        await sharedRedis.SendAsync("SET", "flush-me", "1");
        await sharedRedis.FlushAllAsync();
        Assert.Equal("0", await sharedRedis.SendAsync("DBSIZE"));
    }

    [SkippableFact]
    public async Task ChromiumLoadsAPageFromALoopbackKestrel()
    {
        await using IBrowserContext context = await chromium.NewContextAsync();

        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using WebApplication app = builder.Build();
        app.MapGet("/", () => Results.Content(
            "<!doctype html><html><head><title>SessionBridge infrastructure check</title></head>"
            + "<body><h1>It works</h1></body></html>",
            "text/html"));
        await app.StartAsync();
        string url = Assert.Single(app.Urls);
        Assert.DoesNotContain(":0", url, StringComparison.Ordinal);

        IPage page = await context.NewPageAsync();
        IResponse? response = await page.GotoAsync(url);
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.Equal("SessionBridge infrastructure check", await page.TitleAsync());
        Assert.Equal("It works", await page.TextContentAsync("h1"));
        await app.StopAsync();
    }

    [Fact]
    public void AMissingToolSkipsLocallyAndFailsUnderCi()
    {
        Assert.IsType<SkipException>(RequiredTool.Missing("redis-server not found", isCi: false));
        Exception ci = RequiredTool.Missing("redis-server not found", isCi: true);
        Assert.IsType<InvalidOperationException>(ci);
        Assert.Contains("./test.sh installs it", ci.Message, StringComparison.Ordinal);
    }
}
