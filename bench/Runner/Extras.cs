using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace SessionBridge.Bench;

/// <summary>Measures <see cref="ExtraFigures"/>.</summary>
internal static partial class Extras
{
    private const int PageLoads = 20;
    private const int Copies = 10_000;

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
        // Memory: one real session of each shape made over HTTP, then copied inside Redis (same fields, same TTL, ids of
        // the same length) 10,000 times; used_memory growth ÷ copies. Ten thousand signed-in sessions over HTTP would
        // take minutes of password hashing; the copies hold exactly the bytes the app wrote. Each shape fills a Redis
        // database of its own (the idRange), so each pays for the key table's growth from empty: filling one database
        // after another charged the whole doubling of its table (~50 B per copy at 32,768 keys) to whichever shape
        // happened to cross that power of two.
        log("memory per session");
        string visitorKey = await NewVisitorAsync(bridgeRedis);
        string signedInKey = await NewSignedInAsync(bridgeRedis);
        string index = redis.Cli("--scan", "--pattern", "sb:user:*").Split('\n', StringSplitOptions.RemoveEmptyEntries).Single();
        var memory = new MemoryFigures(
            Copies,
            PerCopy(redis, visitorKey, index, IndexShape.None, 2),
            PerCopy(redis, signedInKey, index, IndexShape.OwnUser, 3),
            PerCopy(redis, signedInKey, index, IndexShape.SameUser, 4));
        return new ExtraFigures(
            PagePath, files, withCookie, withoutCookie, System.Text.Encoding.UTF8.GetByteCount(saveAnswer), saveBytes, saveAnswer, memory, scale);
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

    /// <summary>used_memory growth per copy of one session, with or without a user index entry per copy.</summary>
    private static double PerCopy(RedisStats redis, string template, string index, IndexShape shape, int idRange)
    {
        long before = redis.UsedMemory();
        Fill(redis, template, index, shape, idRange * 10_000_000, (idRange * 10_000_000) + Copies, idRange);

        // A table that grew is rehashed into its new buckets a step at a time, mostly by Redis's cron (~1 ms every
        // 100 ms); until it is done the old buckets are counted too (±10 B per copy from run to run).
        Thread.Sleep(TimeSpan.FromSeconds(1));
        return (redis.UsedMemory() - before) / (double)Copies;
    }

    /// <summary>A visitor who set a display name (the first save of a browser creates its session); its Redis key.</summary>
    private static async Task<string> NewVisitorAsync(App app)
    {
        using var browser = new BrowserClient(app.BaseUrl);
        await SaveDisplayNameAsync(browser);
        return RedisKeyOf(browser);
    }

    /// <summary>Alice signed in (htmx login, then the handoff page), with a display name set; its Redis key.</summary>
    private static async Task<string> NewSignedInAsync(App app)
    {
        using var browser = new BrowserClient(app.BaseUrl);
        await browser.GetAsync("/login");
        using var login = await browser.PostAsync("/login", new Dictionary<string, string> { ["email"] = "alice@example.com", ["password"] = "Wonderland!2026" }, htmx: true);
        if (!login.Headers.Contains("HX-Redirect"))
        {
            throw new InvalidOperationException($"login answered {(int)login.StatusCode} without HX-Redirect");
        }

        await browser.GetAsync("/account");
        await SaveDisplayNameAsync(browser);
        return RedisKeyOf(browser);
    }

    private static async Task SaveDisplayNameAsync(BrowserClient browser)
    {
        await browser.GetAsync("/session");
        using var saved = await browser.PostAsync("/session/displayName", new Dictionary<string, string> { ["value"] = Cases.DisplayName }, htmx: true, Cases.SaveTarget);
        if (!saved.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"save answered {(int)saved.StatusCode}");
        }
    }

    /// <summary>
    /// The Redis key of the browser's session: the session id is the first 128 bits of the SHA-256 of the cookie's
    /// token, base64url (SessionToken), under the store's prefix in braces (RedisSessionRecordStore.KeyOf). The cookie
    /// has its Production name.
    /// </summary>
    private static string RedisKeyOf(BrowserClient browser)
    {
        byte[] token = Base64Url.DecodeFromChars(browser.Cookie("__Host-sb-session"));
        return "sb:{" + Base64Url.EncodeToString(SHA256.HashData(token).AsSpan(0, 16)) + "}";
    }

    private static async Task<ScaleFigures> ScaleAsync(App app, RedisStats redis, Settings settings, string cookie, Action<string> log, CancellationToken cancellationToken)
    {
        var wrk = new Wrk(Path.Combine(settings.RepositoryRoot, "bench", "wrk", "check.lua"), settings.Connections);
        var read = new BenchCase("scale-read", "SessionBridge Redis read", CaseFamily.SessionBridge, app, "GET", "/header/greeting", [cookie, "HX-Request: true"], string.Empty, 200, "Hello, " + Cases.DisplayName, null);
        string[] sessions = redis.Cli("--scan", "--pattern", "sb:{*").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string template = sessions[0];

        string index = redis.Cli("--scan", "--pattern", "sb:user:*").Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "sb:user:{nobody}";
        Fill(redis, template, index, IndexShape.None, sessions.Length, 1_000);

        // Paired rounds on the same noisy machine: each round reads at 1k sessions, fills Redis to 1M, reads again,
        // and empties it back to 1k; the ratio of a pair is taken within a few seconds.
        var at1K = new List<WrkResult>();
        var at1M = new List<WrkResult>();
        double perSession = 0;
        for (int i = 0; i < settings.Rounds; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            at1K.Add(await CheckedAsync(wrk, read, settings.Round));
            log("scale round " + Invariant(i + 1) + ": filling Redis to 1M sessions");
            long before = redis.UsedMemory();
            Fill(redis, template, index, IndexShape.None, 1_000, 1_000_000);
            perSession = (redis.UsedMemory() - before) / 999_000.0;
            at1M.Add(await CheckedAsync(wrk, read, settings.Round));
            Fill(redis, template, index, IndexShape.Removed, 1_000, 1_000_000);
        }

        double seconds = settings.Round.TotalSeconds;
        return new ScaleFigures(
            settings.Rounds,
            Median(at1K.Select(r => r.P99Microseconds / 1000)),
            Median(at1M.Select(r => r.P99Microseconds / 1000)),
            Median(at1M.Zip(at1K, (many, few) => many.P99Microseconds / few.P99Microseconds)),
            Median(at1K.Select(r => r.Requests / seconds)),
            Median(at1M.Select(r => r.Requests / seconds)),
            perSession);
    }

    private static async Task<WrkResult> CheckedAsync(Wrk wrk, BenchCase read, TimeSpan duration)
    {
        var result = await wrk.RunAsync(read, duration);
        return result.Bad + result.SocketErrors == 0 ? result : throw new InvalidOperationException($"scale read: wrong answers: {result.FirstBad}");
    }

    /// <summary>
    /// Copies of one real session under other ids (same length), with its fields and TTL, made inside Redis; with
    /// <see cref="IndexShape.OwnUser"/> each copy also gets a user index of its own holding it (a user signed in once),
    /// with <see cref="IndexShape.SameUser"/> each copy joins the template user's index (one user, many sessions); with
    /// <see cref="IndexShape.Removed"/> the copies of that range are deleted again. The
    /// copies go to the Redis database given (the template is read from database 0).
    /// </summary>
    private static void Fill(RedisStats redis, string template, string index, IndexShape shape, int from, int to, int database = 0)
    {
        const string Script = """
            local fields = redis.call('HGETALL', KEYS[1])
            local ttl = redis.call('PTTL', KEYS[1])
            local indexTtl = redis.call('PTTL', KEYS[2])
            local id = string.sub(KEYS[1], 5, -2)
            redis.call('SELECT', ARGV[4])
            for i = tonumber(ARGV[1]), tonumber(ARGV[2]) - 1 do
              local copy = string.sub(string.format('%s%010d', id, i), -#id)
              local key = 'sb:{' .. copy .. '}'
              if ARGV[3] == 'Removed' then
                redis.call('UNLINK', key)
              else
                redis.call('HSET', key, unpack(fields))
                redis.call('PEXPIRE', key, ttl)
              end
              if ARGV[3] == 'OwnUser' then
                local user = 'sb:user:{u' .. i .. '}'
                redis.call('HSET', user, copy, '')
                redis.call('PEXPIRE', user, indexTtl)
              elseif ARGV[3] == 'SameUser' then
                redis.call('HSET', KEYS[2], copy, '')
              end
            end
            return 1
            """;
        for (int start = from; start < to; start += 50_000)
        {
            redis.Cli("EVAL", Script, "2", template, index, Invariant(start), Invariant(Math.Min(start + 50_000, to)), shape.ToString(), Invariant(database));
        }
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
