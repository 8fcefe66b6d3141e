using System.Diagnostics;
using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SessionBridge.Tests.Infrastructure;
using SessionBridge.Web.Users;

namespace SessionBridge.Tests.Fuzz;

/// <summary>
/// The app on a real Kestrel on loopback (its body limit, its parsing of what no HttpClient sends), a signed-in victim
/// with session data of her own, the identities and forms the fuzz uses, and the property every request must keep.
/// </summary>
public sealed class FuzzTarget : IAsyncDisposable
{
    private const string BobEmail = "bob@example.com";
    private static readonly TimeSpan s_answerTimeout = TimeSpan.FromSeconds(30);
    private static readonly string[] s_pages = ["/", "/login", "/account", "/session"];

    private readonly SessionBridgeApp _app;
    private readonly FuzzLog _log;
    private readonly List<HtmxBrowser> _browsers = [];
    private HtmxBrowser _victim = null!;
    private string _victimView = "";

    private static readonly string[] s_errorCategories =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server", "Microsoft.AspNetCore.Diagnostics", "SessionBridge",
    ];

    private FuzzTarget(SessionBridgeApp app, FuzzLog log, string baseUrl)
    {
        _app = app;
        _log = log;
        BaseUrl = baseUrl;
        var uri = new Uri(baseUrl);
        Server = new IPEndPoint(IPAddress.Parse(uri.Host), uri.Port);
    }

    public string BaseUrl { get; }

    public IPEndPoint Server { get; }

    public FuzzMaterial Material { get; private set; } = null!;

    /// <summary>What the run sent: requests, and the round trips of fresh sign-ins and victim checks around them.</summary>
    public int RequestsSent { get; private set; }

    /// <summary>What the preparation found, for the test output.</summary>
    public string Prepared { get; private set; } = "";

    public static async Task<FuzzTarget> StartAsync(string? redisConnectionString)
    {
        var log = new FuzzLog();
        var app = new SessionBridgeApp()
            .WithSetting("LoginRateLimit:PerEmail", "10000")
            .WithSetting("LoginRateLimit:PerIp", "100000")
            // Every request of the fuzz comes from one address: the flood limit would answer most of them 429.
            .WithSetting("SessionBridge:NewSessionsPerClient:PermitLimit", "1000000")
            // The demo hashes cost 100,000 PBKDF2 rounds (~50 ms a sign-in); the fuzz signs bob in hundreds of times.
            .WithSetting("Users:Accounts:0:PasswordHash", CheapHash(SessionBridgeApp.AlicePassword))
            .WithSetting("Users:Accounts:1:PasswordHash", CheapHash(SessionBridgeApp.BobPassword))
            .WithServices(services => services.AddSingleton<ILoggerProvider>(log));
        if (redisConnectionString is not null)
        {
            app.WithSetting("ConnectionStrings:Redis", redisConnectionString);
        }

        // Listening explicitly, not UseKestrel(0): see LiveApp.
        app.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        string baseUrl = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single().TrimEnd('/');
        var target = new FuzzTarget(app, log, baseUrl);
        await target.PrepareAsync();
        return target;
    }

    /// <summary>
    /// The property: an answer below 500 (405 with Allow; 413 for a form over the body limit), no unhandled exception
    /// logged, no stack trace logged for what a client sent, no cookie value in a log line, and, when asked for, the
    /// victim's data and sessions as they were.
    /// </summary>
    public async Task CheckAsync(FuzzRequest request, bool checkVictim)
    {
        ArgumentNullException.ThrowIfNull(request);
        int logStart = _log.Count;
        if (request.Cookies.Any(c => c.Value == FuzzRequest.FreshBobSession))
        {
            request = request.WithFreshSession(await SignInFreshBobAsync());
        }

        RawResponse response;
        try
        {
            RequestsSent++;
            response = await RawHttp.SendAsync(Server, request.ToBytes(Server.ToString()), s_answerTimeout);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            throw new FuzzFailureException("no complete answer", $"{e.GetType().Name}: {e.Message}\n{Logged(logStart)}");
        }

        var logged = _log.Since(logStart);
        string details = $"answer: {response.Status} {FuzzRequest.Printable(response.Body.Trim())}\n{Logged(logStart)}";
        var unhandled = logged.FirstOrDefault(IsUnhandled);
        if (response.Status >= 500)
        {
            throw new FuzzFailureException($"answered {response.Status}{Cause(unhandled)}", details);
        }

        if (unhandled is not null)
        {
            throw new FuzzFailureException($"logged an unhandled exception{Cause(unhandled)}", details);
        }

        // "One line per failure": a value the client sent that is not ours is worth a line, not a stack trace.
        if (logged.FirstOrDefault(l => l.Level >= LogLevel.Warning && l.Exception is not null) is { } traced)
        {
            throw new FuzzFailureException($"logged a stack trace ({traced.Category}, {traced.Exception!.GetType().Name})", details);
        }

        if (response.Status == 405 && response.Header("Allow") is null)
        {
            throw new FuzzFailureException("405 without an Allow header", details);
        }

        // Kestrel answers a request it cannot parse (a bad Host, a control character in a header) with an empty 400
        // before the app sees it; every answer of the app has a page.
        bool reachedApp = !(response.Status == 400 && response.Body.Length == 0);
        if (reachedApp && IsOversizedForm(request) && response.Status != 413)
        {
            throw new FuzzFailureException($"a form over the body limit ({(request.Body!.Chunked ? "chunked" : "with Content-Length")}) answered {response.Status}, not 413", details);
        }

        var leaked = request.Cookies.Where(c => c.Value.Length >= 16 && logged.Any(l => l.Message.Contains(c.Value, StringComparison.Ordinal))).ToList();
        if (leaked.Count > 0)
        {
            throw new FuzzFailureException($"a log line holds the value of cookie {leaked[0].Key}", details);
        }

        if (checkVictim)
        {
            await CheckVictimAsync(details);
        }
    }

    /// <summary>
    /// The victim's session table and account page, read through her own browser (which also proves the app still
    /// serves pages), are as they were before the run.
    /// </summary>
    public async Task CheckVictimAsync(string details = "")
    {
        string victim = await ReadVictimAsync();
        if (victim != _victimView)
        {
            throw new FuzzFailureException(FuzzRun.VictimChanged, $"before:\n{_victimView}\nafter:\n{victim}\n{details}");
        }
    }

    /// <summary>Whether the request carries something of the victim's: a cookie made from hers, or her session's tag.</summary>
    public bool TouchesVictim(FuzzRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string body = request.Body is { } b ? System.Text.Encoding.UTF8.GetString(b.Bytes) : "";
        return body.Contains(Material.VictimSessionTag, StringComparison.Ordinal)
            || request.Cookies.Any(c => Material.VictimCookies.Any(v => LooksMadeFrom(c.Value, v.Value)));
    }

    // A bit flip changes one or two characters and a cut keeps the start: one end of the value is still hers.
    // (Data Protection payloads all start with the same 27 characters: magic header and key id.)
    private static bool LooksMadeFrom(string value, string original) =>
        value.Length >= 16 && original.Length >= 16
        && (value.StartsWith(original[..Math.Min(32, original.Length - 8)], StringComparison.Ordinal) || value.EndsWith(original[^8..], StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        foreach (var browser in _browsers)
        {
            browser.Dispose();
        }

        await _app.DisposeAsync();
    }

    private static string CheapHash(string password)
    {
        var hasher = new PasswordHasher<UserAccount>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = 1 }));
        return hasher.HashPassword(new UserAccount(), password);
    }

    /// <summary>
    /// An exception nobody handled, as the hosting layer, Kestrel or the exception pages write it, or an error the app
    /// itself logged.
    /// </summary>
    private static bool IsUnhandled(CapturedLogs.LogLine line) =>
        line.Message.Contains("unhandled exception", StringComparison.OrdinalIgnoreCase)
        || (line.Level >= LogLevel.Error && s_errorCategories.Any(c => line.Category.StartsWith(c, StringComparison.Ordinal)));

    private static string Describe(CapturedLogs.LogLine line) =>
        $"{line.Level} {line.Category}: {line.Message}{(line.Exception is null ? "" : $" [{line.Exception.GetType().FullName}: {line.Exception.Message}]")}";

    private static string Cause(CapturedLogs.LogLine? line)
    {
        if (line?.Exception is not { } exception)
        {
            return line is null ? "" : $" ({line.Category})";
        }

        // The first frame in the app names the defect; two requests failing there are one finding.
        string? frame = exception.StackTrace?.Split('\n').Select(f => f.Trim()).FirstOrDefault(f => f.Contains("SessionBridge.Web", StringComparison.Ordinal));
        frame = frame?.Split(" in ")[0].Replace("at ", "", StringComparison.Ordinal);
        return $" with {exception.GetType().Name}{(frame is null ? "" : " at " + frame)}";
    }

    private static bool IsOversizedForm(FuzzRequest request) =>
        request.Method == "POST"
        && request.Body is { ContentType: { } type } body
        && body.Bytes.Length > HostileRequests.BodyLimit
        && type.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal)
        && (request.Target is "/login" or "/logout" || request.Target.StartsWith("/account?handler=", StringComparison.Ordinal)
            || HostileRequests.Routes.Any(r => r.StartsWith("/session/", StringComparison.Ordinal) && r == request.Target));

    private string Logged(int start) =>
        string.Join('\n', _log.Since(start).Where(l => l.Level >= LogLevel.Warning).Select(l => "log: " + FuzzRequest.Printable(Describe(l))));

    private HtmxBrowser NewBrowser()
    {
        var jar = new CookieContainer();
        var handler = new CookieContainerHandler(jar) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false } };
        var browser = new HtmxBrowser(new HttpClient(handler) { BaseAddress = new Uri(BaseUrl) }, jar);
        _browsers.Add(browser);
        return browser;
    }

    private IReadOnlyList<KeyValuePair<string, string>> CookiesOf(HtmxBrowser browser) =>
        [.. browser.Cookies.GetCookies(new Uri(BaseUrl)).Select(c => new KeyValuePair<string, string>(c.Name, c.Value))];

    private async Task<string> SignInFreshBobAsync()
    {
        using var browser = NewBrowser();
        _browsers.Remove(browser);
        RequestsSent += 3;
        var account = await SessionBridgeApp.SignInAsync(browser, BobEmail, SessionBridgeApp.BobPassword);
        return CookiesOf(browser).FirstOrDefault(c => c.Key == AppTestExtensions.SessionCookie).Value
            ?? throw new FuzzFailureException("bob could not sign in", $"{(int)account.Response.StatusCode} at {account.Url}");
    }

    private async Task PrepareAsync()
    {
        var stopwatch = Stopwatch.StartNew();

        // The victim: alice, signed in, with a value of her own in every key.
        _victim = NewBrowser();
        await SessionBridgeApp.SignInAsync(_victim);
        string token = (await _victim.OpenAsync("/session")).AntiforgeryToken();
        foreach (var (key, value) in new[] { ("displayName", "Alice the victim ✓"), ("theme", "dark"), ("language", "fr"), ("compactMode", "true") })
        {
            using var saved = await _victim.PostSessionValueAsync(token, key, value);
            saved.EnsureSuccessStatusCode();
        }

        string victimToken = (await _victim.OpenAsync("/session")).AntiforgeryToken();
        var account = await _victim.OpenAsync("/account");
        string victimTag = account.Element("#sessions tr.current").Id!["session-".Length..];
        _victimView = await ReadVictimAsync();

        // The identities the fuzz speaks as: a first-time visitor, a visitor with session data, and bob signed in
        // twice (so his account page offers to sign out his other session).
        var anonymous = NewBrowser();
        var visitor = NewBrowser();
        string visitorToken = (await visitor.OpenAsync("/session")).AntiforgeryToken();
        using (var saved = await visitor.PostSessionValueAsync(visitorToken, "theme", "light"))
        {
            saved.EnsureSuccessStatusCode();
        }

        await SessionBridgeApp.SignInAsync(NewBrowser(), BobEmail, SessionBridgeApp.BobPassword);
        var bob = NewBrowser();
        await SessionBridgeApp.SignInAsync(bob, BobEmail, SessionBridgeApp.BobPassword);

        var forms = new List<HarvestedForm>();
        var identities = new List<FuzzIdentity>();
        foreach (var (name, browser) in new[] { ("a first-time visitor", anonymous), ("a visitor with session data", visitor), ("bob, signed in", bob) })
        {
            var pages = new List<HtmxPage>();
            foreach (string path in s_pages)
            {
                pages.Add(await browser.OpenAsync(path));
            }

            var identity = new FuzzIdentity(name, CookiesOf(browser), pages[0].AntiforgeryToken());
            identities.Add(identity);
            foreach (var page in pages)
            {
                foreach (var form in page.Document.QuerySelectorAll("form[method=post]").OfType<IHtmlFormElement>())
                {
                    string action = form.GetAttribute("action") is { Length: > 0 } a ? a : page.Url.PathAndQuery;
                    var fields = HtmxDom.FormData(form, null);
                    for (int i = 0; i < fields.Count; i++)
                    {
                        // A real submission, so a mutation of another field is what the handler sees.
                        fields[i] = fields[i].Key switch
                        {
                            "email" => new(fields[i].Key, BobEmail),
                            "password" => new(fields[i].Key, SessionBridgeApp.BobPassword),
                            _ => fields[i],
                        };
                    }

                    var harvested = new HarvestedForm(identity, page.Url.PathAndQuery, action, fields, form.GetAttribute("data-hx-target"));
                    if (!forms.Any(f => f.Identity == identity && f.Action == action && f.Fields.Select(x => x.Key).SequenceEqual(fields.Select(x => x.Key))))
                    {
                        forms.Add(harvested);
                    }
                }
            }
        }

        // Someone holding the victim's antiforgery pair and a mangled copy of her session cookie: a request that the
        // app mistook for hers would pass every check and change her data.
        var victimCookies = CookiesOf(_victim);
        identities.Add(new FuzzIdentity(
            "someone with the victim's antiforgery cookie and her session cookie mangled",
            [.. victimCookies.Where(c => c.Key != AppTestExtensions.SessionCookie)],
            victimToken,
            victimCookies.Single(c => c.Key == AppTestExtensions.SessionCookie).Value));

        var handoff = NewBrowser();
        using (var posted = await handoff.PostLoginOnlyAsync(BobEmail, SessionBridgeApp.BobPassword))
        {
            posted.EnsureSuccessStatusCode();
        }

        Material = new FuzzMaterial(
            victimCookies,
            victimToken,
            victimTag,
            identities,
            CookiesOf(handoff).Single(c => c.Key == AppTestExtensions.TempDataCookie).Value,
            forms);
        Prepared = string.Create(CultureInfo.InvariantCulture,
            $"prepared in {stopwatch.Elapsed.TotalSeconds:F1} s: {identities.Count} identities, {forms.Count} forms ({string.Join("; ", forms)})");
    }

    /// <summary>The victim's session table and account page as her browser sees them.</summary>
    private async Task<string> ReadVictimAsync()
    {
        RequestsSent += 2;
        var table = await _victim.OpenAsync("/session");
        string victimToken = (await _victim.OpenAsync("/session")).AntiforgeryToken();
        var account = await _victim.OpenAsync("/account");
        var rows = table.Document.QuerySelectorAll("#session-table tr[id^=row-]").Select(row =>
        {
            var control = row.QuerySelector("select[name=value] option[selected], input[name=value]:not([type=hidden])");
            string value = control switch
            {
                IHtmlInputElement { Type: "checkbox" } box => box.IsChecked ? "checked" : "unchecked",
                IHtmlInputElement input => input.Value,
                IHtmlOptionElement option => option.Value,
                _ => "?",
            };
            return $"{row.Id}={value} (updated {row.QuerySelector("time")?.GetAttribute("datetime") ?? "never"})";
        });
        var sessions = account.Document.QuerySelectorAll("#sessions tbody tr").Select(r => r.Id).Order(StringComparer.Ordinal);
        return $"GET /session: {(int)table.Response.StatusCode} at {table.Url.AbsolutePath}: {string.Join(", ", rows)}\n"
            + $"GET /account: {(int)account.Response.StatusCode} at {account.Url.AbsolutePath}: {account.Text("#account-email")}, sessions {string.Join(" ", sessions)}";
    }
}
