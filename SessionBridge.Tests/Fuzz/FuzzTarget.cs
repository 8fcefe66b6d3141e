using System.Diagnostics;
using System.Globalization;
using System.Net;
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
    private static readonly TimeSpan s_answerTimeout = TimeSpan.FromSeconds(30);

    private readonly SessionBridgeApp _app;
    private readonly FuzzLog _log;
    private readonly List<HtmxBrowser> _browsers = [];
    private FuzzVictim _victim = null!;

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
    /// The property: an answer below 500 (405 with Allow; 413 for a body over the limit, 415 for one that is not a form, with the error message), no unhandled exception
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
        var unhandled = logged.FirstOrDefault(FuzzLog.IsUnhandled);
        if (response.Status >= 500)
        {
            throw new FuzzFailureException($"answered {response.Status}{FuzzLog.Cause(unhandled)}", details);
        }

        if (unhandled is not null)
        {
            throw new FuzzFailureException($"logged an unhandled exception{FuzzLog.Cause(unhandled)}", details);
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
        if (reachedApp && ExpectedBodyStatus.For(request, TakesBody) is { } expected)
        {
            if (!expected.Statuses.Contains(response.Status))
            {
                throw new FuzzFailureException($"{expected.Why} ({(request.Body!.Chunked ? "chunked" : "with Content-Length")}) answered {response.Status}, not {string.Join(" or ", expected.Statuses)}", details);
            }

            // The refusal is the app's error page, or its fragment for htmx: a message, not an empty answer.
            if (!response.Body.Contains("role=\"alert\"", StringComparison.Ordinal))
            {
                throw new FuzzFailureException($"{expected.Why} answered {response.Status} without the error message", details);
            }
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
    public Task CheckVictimAsync(string details = "")
    {
        RequestsSent += 2;
        return _victim.CheckUnchangedAsync(details);
    }

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

    /// <summary>Routes whose page serves POST: a body sent there is read and judged.</summary>
    private static bool TakesBody(string target) =>
        target is "/login" or "/logout" || target.StartsWith("/account?handler=", StringComparison.Ordinal)
        || RawBodies.Routes.Contains(target, StringComparer.Ordinal);

    // Warnings and errors, and the body check's refusals (which say why a body got its status).
    private string Logged(int start) =>
        string.Join('\n', _log.Since(start).Where(l => l.Level >= LogLevel.Warning || l.Category.EndsWith(".RequestBodyLimit", StringComparison.Ordinal)).Select(l => "log: " + FuzzRequest.Printable(FuzzLog.Describe(l))));

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
        var account = await SessionBridgeApp.SignInAsync(browser, FormHarvest.BobEmail, SessionBridgeApp.BobPassword);
        return CookiesOf(browser).FirstOrDefault(c => c.Key == AppTestExtensions.SessionCookie).Value
            ?? throw new FuzzFailureException("bob could not sign in", $"{(int)account.Response.StatusCode} at {account.Url}");
    }

    private async Task PrepareAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        _victim = await FuzzVictim.SignInAsync(NewBrowser(), CookiesOf);

        // The identities the fuzz speaks as: a first-time visitor, a visitor with session data, and bob signed in
        // twice (so his account page offers to sign out his other session).
        var visitor = NewBrowser();
        string visitorToken = (await visitor.OpenAsync("/session")).AntiforgeryToken();
        using (var saved = await visitor.PostSessionValueAsync(visitorToken, "theme", "light"))
        {
            saved.EnsureSuccessStatusCode();
        }

        await SessionBridgeApp.SignInAsync(NewBrowser(), FormHarvest.BobEmail, SessionBridgeApp.BobPassword);
        var bob = NewBrowser();
        await SessionBridgeApp.SignInAsync(bob, FormHarvest.BobEmail, SessionBridgeApp.BobPassword);

        var identities = new List<FuzzIdentity>();
        var forms = new List<HarvestedForm>();
        foreach (var (name, browser) in new[] { ("a first-time visitor", NewBrowser()), ("a visitor with session data", visitor), ("bob, signed in", bob) })
        {
            var (identity, found) = await FormHarvest.VisitAsync(name, browser, CookiesOf);
            identities.Add(identity);
            forms.AddRange(found);
        }

        // Someone holding the victim's antiforgery pair and a mangled copy of her session cookie: a request that the
        // app mistook for hers would pass every check and change her data.
        identities.Add(new FuzzIdentity(
            "someone with the victim's antiforgery cookie and her session cookie mangled",
            [.. _victim.Cookies.Where(c => c.Key != AppTestExtensions.SessionCookie)],
            _victim.Token,
            _victim.Cookies.Single(c => c.Key == AppTestExtensions.SessionCookie).Value));

        var handoff = NewBrowser();
        using (var posted = await handoff.PostLoginOnlyAsync(FormHarvest.BobEmail, SessionBridgeApp.BobPassword))
        {
            posted.EnsureSuccessStatusCode();
        }

        Material = new FuzzMaterial(
            _victim.Cookies,
            _victim.Token,
            _victim.SessionTag,
            identities,
            CookiesOf(handoff).Single(c => c.Key == AppTestExtensions.TempDataCookie).Value,
            forms);
        Prepared = string.Create(CultureInfo.InvariantCulture,
            $"prepared in {stopwatch.Elapsed.TotalSeconds:F1} s: {identities.Count} identities, {forms.Count} forms ({string.Join("; ", forms)})");
    }
}
