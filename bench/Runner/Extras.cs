using System.Globalization;
using System.Text.RegularExpressions;

namespace SessionBridge.Bench;

/// <summary>Measures <see cref="ExtraFigures"/>.</summary>
internal static partial class Extras
{
    private const int PageLoads = 20;
    private const int VisitorSessions = 1000;
    private const int SignedInSessions = 100;

    public static async Task<ExtraFigures> MeasureAsync(BenchCase save, RedisStats redis, Settings settings, Action<string> log, CancellationToken cancellationToken)
    {
        log("page load, save answer, memory per session (SessionBridge on Redis)");
        var bridgeRedis = save.App;
        string cookie = save.Headers[0];
        using var client = new HttpClient { BaseAddress = bridgeRedis.BaseUrl };

        const string PagePath = "/";
        using var browser = new BrowserClient(bridgeRedis.BaseUrl);
        string page = await browser.GetAsync(PagePath);
        string[] files = [.. StaticFile().Matches(page).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)];
        var withCookie = await CountAsync(redis, () => LoadPageAsync(client, PagePath, files, cookie));
        var withoutCookie = await CountAsync(redis, () => LoadPageAsync(client, PagePath, files, null));

        using var caseClient = new CaseClient();
        var (saveAnswer, saveBytes) = await caseClient.SendAsync(save);

        // Before the memory figures, so the 1k read runs with about 1k sessions in Redis.
        var scale = settings.Scale ? await ScaleAsync(bridgeRedis, redis, settings, cookie, log, cancellationToken) : null;
        log("memory per session: visitors");
        double visitor = await PerSessionAsync(redis, VisitorSessions, i => NewVisitorAsync(bridgeRedis));
        log("memory per session: signed in");
        double signedIn = await PerSessionAsync(redis, SignedInSessions, i => NewSignedInAsync(bridgeRedis));
        return new ExtraFigures(
            PagePath, files, withCookie, withoutCookie, System.Text.Encoding.UTF8.GetByteCount(saveAnswer), saveBytes, saveAnswer,
            visitor, VisitorSessions, signedIn, SignedInSessions, scale);
    }

    private static async Task<IReadOnlyDictionary<string, double>> CountAsync(RedisStats redis, Func<Task> loadPage) =>
        await RedisMonitor.CountAsync(redis, PageLoads, async () =>
        {
            for (int i = 0; i < PageLoads; i++)
            {
                await loadPage();
            }
        });

    private static async Task LoadPageAsync(HttpClient client, string page, IEnumerable<string> files, string? cookie)
    {
        foreach (string path in files.Prepend(page))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            request.Headers.Add("X-Forwarded-Proto", "https");
            if (cookie is not null)
            {
                request.Headers.Add("Cookie", cookie["Cookie: ".Length..]);
            }

            using var response = await client.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"page load: GET {path} answered {(int)response.StatusCode}");
            }
        }
    }

    /// <summary>Growth of used_memory per session over <paramref name="count"/> sessions made four at a time.</summary>
    private static async Task<double> PerSessionAsync(RedisStats redis, int count, Func<int, Task> makeOne)
    {
        long before = redis.UsedMemory();
        int next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await makeOne(i);
            }
        }));
        return (redis.UsedMemory() - before) / (double)count;
    }

    /// <summary>A visitor who set a display name: the first save of a browser creates its session.</summary>
    private static async Task NewVisitorAsync(App app) => await Cases.BridgeSessionAsync(app);

    /// <summary>Alice signed in (htmx login, then the handoff page), with a display name set.</summary>
    private static async Task NewSignedInAsync(App app)
    {
        using var browser = new BrowserClient(app.BaseUrl);
        await browser.GetAsync("/login");
        using var login = await browser.PostAsync("/login", new Dictionary<string, string> { ["email"] = "alice@example.com", ["password"] = "Wonderland!2026" }, htmx: true);
        if (!login.Headers.Contains("HX-Redirect"))
        {
            throw new InvalidOperationException($"login answered {(int)login.StatusCode} without HX-Redirect");
        }

        await browser.GetAsync("/account");
        await browser.GetAsync("/session");
        using var saved = await browser.PostAsync("/session/displayName", new Dictionary<string, string> { ["value"] = Cases.DisplayName }, htmx: true);
        if (!saved.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"signed-in save answered {(int)saved.StatusCode}");
        }
    }

    private static async Task<ScaleFigures> ScaleAsync(App app, RedisStats redis, Settings settings, string cookie, Action<string> log, CancellationToken cancellationToken)
    {
        var wrk = new Wrk(Path.Combine(settings.RepositoryRoot, "bench", "wrk", "check.lua"), settings.Connections);
        var read = new BenchCase("scale-read", "SessionBridge Redis read", CaseFamily.SessionBridge, app, "GET", "/header/greeting", [cookie, "HX-Request: true"], string.Empty, 200, "Hello, " + Cases.DisplayName, null);
        string[] sessions = redis.Cli("--scan", "--pattern", "sb:{*").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string template = sessions[0];

        await FillAsync(redis, template, sessions.Length, 1_000);
        var at1K = new List<WrkResult>();
        for (int i = 0; i < settings.Rounds; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            at1K.Add(await CheckedAsync(wrk, read, settings.Round));
        }

        log("filling Redis to 1M sessions");
        long before = redis.UsedMemory();
        await FillAsync(redis, template, 1_000, 1_000_000);
        double perSession = (redis.UsedMemory() - before) / 999_000.0;
        var at1M = new List<WrkResult>();
        for (int i = 0; i < settings.Rounds; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            at1M.Add(await CheckedAsync(wrk, read, settings.Round));
        }

        double seconds = settings.Round.TotalSeconds;
        return new ScaleFigures(
            settings.Rounds,
            Median(at1K.Select(r => r.P99Microseconds / 1000)),
            Median(at1M.Select(r => r.P99Microseconds / 1000)),
            Median(at1K.Select(r => r.Requests / seconds)),
            Median(at1M.Select(r => r.Requests / seconds)),
            perSession);
    }

    private static async Task<WrkResult> CheckedAsync(Wrk wrk, BenchCase read, TimeSpan duration)
    {
        var result = await wrk.RunAsync(read, duration);
        return result.Bad + result.SocketErrors == 0 ? result : throw new InvalidOperationException($"scale read: wrong answers: {result.FirstBad}");
    }

    /// <summary>Copies of one real session under other ids (same length), with its fields and TTL, made inside Redis.</summary>
    private static Task FillAsync(RedisStats redis, string template, int from, int to)
    {
        const string Script = """
            local fields = redis.call('HGETALL', KEYS[1])
            local ttl = redis.call('PTTL', KEYS[1])
            local id = string.sub(KEYS[1], 5, -2)
            for i = tonumber(ARGV[1]), tonumber(ARGV[2]) - 1 do
              local key = 'sb:{' .. string.sub(string.format('%s%010d', id, i), -#id) .. '}'
              redis.call('HSET', key, unpack(fields))
              redis.call('PEXPIRE', key, ttl)
            end
            return 1
            """;
        for (int start = from; start < to; start += 50_000)
        {
            redis.Cli("EVAL", Script, "1", template, Invariant(start), Invariant(Math.Min(start + 50_000, to)));
        }

        return Task.CompletedTask;
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    // What a browser fetches with the page: stylesheets and scripts (the icon is a data: URL).
    [GeneratedRegex("<(?:link rel=\"stylesheet\" href|script [^>]*src)=\"(/[^\"]+)\"")]
    private static partial Regex StaticFile();
}
