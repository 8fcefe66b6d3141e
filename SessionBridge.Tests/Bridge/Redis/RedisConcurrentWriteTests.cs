using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SessionBridge.Keys;
using SessionBridge.Tests.Infrastructure;
using SessionBridge.Web.Pages.Session;
using Xunit.Abstractions;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// The concurrency story of the session data table (Bridge/Store/ConcurrentWriteTests.cs) on a real Redis, where
/// the requests really overlap on the wire: each commit writes only its own key, so none is lost.
/// </summary>
public sealed class RedisConcurrentWriteTests(RedisServer redis, ITestOutputHelper output) : IClassFixture<RedisServer>
{
    private const int Writes = 200;

    [SkippableFact]
    public async Task Two_hundred_concurrent_writes_of_distinct_keys_are_all_kept_in_Redis()
    {
        var keys = AppSessionKeys.All.Concat(Enumerable.Range(0, Writes).Select(i => SessionKey.Text($"k{i}", 10))).ToList();
        await using var app = RedisNodes.Node(redis).WithServices(s => s.Replace(ServiceDescriptor.Singleton(new SessionKeyRegistry(keys))));
        using var browser = app.NewBrowser();
        string token = (await browser.OpenAsync("/session")).AntiforgeryToken();

        // The first write creates the session; the burst races within it.
        using (var first = await browser.PostSessionValueAsync(token, "theme", "dark"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var statuses = await Task.WhenAll(Enumerable.Range(0, Writes).Select(async i =>
        {
            using var response = await browser.PostSessionValueAsync(token, $"k{i}", $"v{i}");
            return response.StatusCode;
        }));
        var table = await browser.OpenAsync("/session");

        int kept = Enumerable.Range(0, Writes).Count(i => table.Element($"#value-k{i}").GetAttribute("value") == $"v{i}");
        long fields = long.Parse(await redis.SendAsync("HLEN", RedisNodes.RedisKeyOf(browser.Cookie(AppTestExtensions.SessionCookie)!)), CultureInfo.InvariantCulture);
        output.WriteLine($"SessionBridge (redis store): {kept} of {Writes} concurrent writes kept; the session hash has {fields} fields (200 keys + theme + info)");
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(Writes, kept);
        Assert.Equal(Writes + 2, fields);
        Assert.Equal("dark", table.Document.DocumentElement.GetAttribute("data-theme"));
    }
}
