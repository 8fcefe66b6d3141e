using System.Net;
using SessionBridge.Tests.Bridge.Redis;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Web;

/// <summary>
/// Static files and the antiforgery script never load the session: a page load with a session cookie costs one store
/// round trip however many files it links, and the files (so the outage page's styles) serve while the store is down.
/// </summary>
public sealed class StaticAssetsWithoutSessionTests
{
    [SkippableFact]
    public async Task A_page_load_with_its_static_files_costs_one_redis_read_and_the_files_serve_during_an_outage()
    {
        await using var redis = await RedisServer.StartNewAsync();
        using var app = RedisNodes.Node(redis);
        using var browser = RedisNodes.Browser(app, new CookieContainer());
        var page = await browser.OpenAsync("/session");
        (await browser.PostSessionValueAsync(page.AntiforgeryToken(), "theme", "dark")).Dispose();
        page = await browser.OpenAsync("/");
        var assets = page.Document.QuerySelectorAll("link[rel=stylesheet][href], script[src]")
            .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!)
            .ToList();
        Assert.True(assets.Count >= 5, $"expected the page's css and scripts, found {string.Join(", ", assets)}");

        await redis.QuietCommandCountAsync();
        long before = await HgetallCountAsync(redis);
        await browser.OpenAsync("/");
        foreach (string asset in assets)
        {
            using var file = await browser.Client.GetAsync(new Uri(asset, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        }

        await redis.QuietCommandCountAsync();
        Assert.Equal(1, await HgetallCountAsync(redis) - before);

        await redis.StopAsync();
        using (var home = await browser.Client.GetAsync(new Uri("/", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, home.StatusCode);
        }

        foreach (string asset in assets)
        {
            using var file = await browser.Client.GetAsync(new Uri(asset, UriKind.Relative));
            Assert.True(file.StatusCode == HttpStatusCode.OK, $"{asset} answered {(int)file.StatusCode} during the outage");
        }
    }

    private static async Task<long> HgetallCountAsync(RedisServer redis) =>
        (await redis.CommandStatsAsync()).TryGetValue("hgetall", out long calls) ? calls : 0;
}
