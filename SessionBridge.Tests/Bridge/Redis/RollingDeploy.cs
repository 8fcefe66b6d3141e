using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// A rolling deploy caught halfway: the previous release (<see cref="PreviousRelease"/>) and this build, each a real
/// process, on one redis-server, started once for a test class. Both take every shared part from that Redis (sessions,
/// indexes, handoff ids, the Data Protection key ring under one application name, live events), as any two nodes do.
/// A test that asks for a node skips (fails under CI=true) when redis-server or the previous release is missing.
/// </summary>
public sealed class RollingDeploy : IAsyncLifetime
{
    private RedisServer Redis { get; } = new();
    private Exception? _unavailable;
    private AppProcess? _previous;
    private AppProcess? _next;

    /// <summary>The node of the previous release.</summary>
    public AppProcess Previous => Available(_previous);

    /// <summary>The node of this build.</summary>
    public AppProcess Next => Available(_next);

    /// <summary>How long building the previous release took (zero when an earlier run's build was reused).</summary>
    public TimeSpan BuildTime { get; private set; }

    /// <summary>How long starting both nodes took, the build included.</summary>
    public TimeSpan StartTime { get; private set; }

    public AppProcess Node(string release) => release switch
    {
        "previous" => Previous,
        "next" => Next,
        _ => throw new ArgumentOutOfRangeException(nameof(release), release, "previous or next"),
    };

    /// <summary>A browser on <paramref name="node"/> whose cookies live in <paramref name="jar"/> (share it to move between nodes).</summary>
    public static HtmxBrowser Browser(AppProcess node, CookieContainer jar)
    {
        ArgumentNullException.ThrowIfNull(node);

        // "localhost", as the in-process tests' browsers: the cookie helpers look cookies up there, and a cookie is not
        // bound to a port, so one jar moves between the nodes as a browser moves between nodes behind one host name.
        var client = new HttpClient(new CookieContainerHandler(jar) { InnerHandler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false } })
        {
            BaseAddress = new Uri("http://localhost:" + node.BaseAddress.Port),
        };
        return new HtmxBrowser(client, jar);
    }

    public async Task InitializeAsync()
    {
        var started = Stopwatch.StartNew();
        await Redis.InitializeAsync();
        if (!Redis.IsRunning)
        {
            return; // every test skips (or fails under CI) when it asks for a node
        }

        try
        {
            BuildTime = await PreviousRelease.EnsureBuiltAsync();
        }
        catch (Exception ex) when (ex is SkipException or InvalidOperationException)
        {
            _unavailable = ex;
            return;
        }

        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Redis"] = Redis.ConnectionString,

            // Limits that would count the suite's many sign-ins from one address; their own tests are elsewhere.
            ["LoginRateLimit__PerEmail"] = "10000",
            ["LoginRateLimit__PerIp"] = "10000",
            ["SessionBridge__NewSessionsPerClient__PermitLimit"] = "100000",
        };
        _previous = await AppProcess.StartAsync(environment, PreviousRelease.Dll, PreviousRelease.ContentRoot);
        _next = await AppProcess.StartAsync(environment);

        // One after the other, the first use of Data Protection: the first node makes the key ring's key in Redis and the
        // second finds it there (two nodes starting at the same instant could each make one and not see the other's
        // until their next refresh, which a real deploy, one node at a time, does not do).
        foreach (var node in new[] { _previous, _next })
        {
            using var browser = Browser(node, new CookieContainer());
            await browser.OpenAsync("/login");
        }

        StartTime = started.Elapsed;
    }

    public async Task DisposeAsync()
    {
        if (_previous is not null)
        {
            await _previous.DisposeAsync();
        }

        if (_next is not null)
        {
            await _next.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }

    private AppProcess Available(AppProcess? node)
    {
        Redis.EnsureAvailable();
        if (_unavailable is not null)
        {
            throw _unavailable;
        }

        return node!;
    }
}
