using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionBridge.Store;
using SessionBridge.Tests.Infrastructure;
using StackExchange.Redis;

namespace SessionBridge.Tests.Bridge.Store;

/// <summary>
/// The host stays the app's: the connection, the distributed cache, Data Protection and the cookie names are the
/// library's defaults only until the app says otherwise, and the library says at start-up what it ended up using.
/// </summary>
public sealed class HostOptionsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [SkippableFact]
    public async Task The_app_keeps_its_own_cache_and_key_ring_when_it_says_so()
    {
        string prefix = "sb-host-" + Guid.NewGuid().ToString("N")[..8] + ":";
        await using var node = Node(services => services.AddSessionBridgeRedis(redis.ConnectionString, setup =>
        {
            setup.DistributedCache = false;
            setup.DataProtection = false;
        }), prefix);

        node.GetRequiredService<IDataProtectionProvider>().CreateProtector("host").Protect("hello");

        Assert.Equal("redis", node.GetRequiredService<ISessionRecordStore>().Kind);
        Assert.IsType<MemoryDistributedCache>(node.GetRequiredService<IDistributedCache>());
        Assert.Null(node.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
        Assert.Equal("none", await redis.SendAsync("TYPE", prefix + "dataprotection-keys"));
    }

    [SkippableFact]
    public async Task The_Redis_wiring_comes_before_or_after_the_bridge_and_uses_the_app_multiplexer()
    {
        var own = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await using var node = Node(services =>
        {
            services.AddSingleton<IConnectionMultiplexer>(own);
            services.AddSessionBridgeRedis(redis.ConnectionString);
        }, before: true);

        Assert.Equal("redis", node.GetRequiredService<ISessionRecordStore>().Kind);
        Assert.Same(own, node.GetRequiredService<IConnectionMultiplexer>());
        Assert.IsNotType<MemoryDistributedCache>(node.GetRequiredService<IDistributedCache>());
    }

    [Fact]
    public async Task Cookie_names_are_the_app_to_override()
    {
        await using var node = Node(services =>
        {
            services.Configure<SessionOptions>(session => session.Cookie.Name = "app-session");
            services.Configure<AntiforgeryOptions>(antiforgery => antiforgery.Cookie.Name = "app-xsrf");
            services.Configure<CookieTempDataProviderOptions>(tempData => tempData.Cookie.Name = "app-flash");
        });

        Assert.Equal("app-session", node.GetRequiredService<IOptions<SessionOptions>>().Value.Cookie.Name);
        Assert.Equal("app-xsrf", node.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.Cookie.Name);
        Assert.Equal("app-flash", node.GetRequiredService<IOptions<CookieTempDataProviderOptions>>().Value.Cookie.Name);

        // Unless overridden, Production names carry the __Host- prefix and the antiforgery token travels in a header.
        await using var plain = Node(_ => { });
        Assert.Equal("__Host-sb-session", plain.GetRequiredService<IOptions<SessionOptions>>().Value.Cookie.Name);
        Assert.Equal("RequestVerificationToken", plain.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.HeaderName);
    }

    [SkippableFact]
    public async Task Start_up_says_what_is_used_and_warns_when_a_shared_store_has_a_local_key_ring()
    {
        var logs = new CapturedLogs();
        await using var node = Node(services => services.AddSessionBridgeRedis(redis.ConnectionString, setup => setup.DataProtection = false), logs: logs);

        foreach (var service in node.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }

        var wiring = Assert.Single(logs.Matching("SessionBridge uses:"));
        Assert.Contains("sessions in redis", wiring.Message, StringComparison.Ordinal);
        Assert.Contains("__Host-sb-session, __Host-sb-tempdata, __Host-sb-antiforgery", wiring.Message, StringComparison.Ordinal);
        var warning = Assert.Single(logs.Matching("another node will refuse"));
        Assert.Equal(LogLevel.Warning, warning.Level);
    }

    [Fact]
    public async Task An_in_process_bridge_does_not_warn()
    {
        var logs = new CapturedLogs();
        await using var node = Node(_ => { }, logs: logs);

        foreach (var service in node.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }

        Assert.Single(logs.Matching("SessionBridge uses: sessions in memory"));
        Assert.Empty(logs.Matching("another node will refuse"));
    }

    private static ServiceProvider Node(Action<IServiceCollection> app, string prefix = "sb:", bool before = false, CapturedLogs? logs = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["SessionBridge:RedisKeyPrefix"] = prefix }).Build());
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = "Production", ApplicationName = "HostOptionsTests" });
        if (before)
        {
            app(services);
        }

        services.AddSessionBridge([], bridge =>
        {
            bridge.LoginPath = "/login";
            bridge.EventsPath = "/events";
        });
        if (!before)
        {
            app(services);
        }

        return services.BuildServiceProvider();
    }
}
