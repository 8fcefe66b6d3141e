using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Store;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Web;

/// <summary>
/// No cache, shared or private, keeps an answer that went through the session: pages, fragments, saves, error pages,
/// the live stream and refusals all say <c>Cache-Control: no-cache,no-store</c> and <c>Pragma: no-cache</c> (as the
/// stock SessionMiddleware does with a new session's cookie), with or without a session cookie, whatever the status.
/// Static files and /healthz never touch the session and keep their own caching.
/// </summary>
public sealed class CachingTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public enum Visitor
    {
        NoCookie,
        WithSession,
        SignedIn,
    }

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData(Visitor.NoCookie)]
    [InlineData(Visitor.WithSession)]
    [InlineData(Visitor.SignedIn)]
    public async Task Every_answer_that_went_through_the_session_says_no_store(Visitor visitor)
    {
        using var browser = await BrowserAsync(visitor);
        string token = (await browser.OpenAsync("/session")).AntiforgeryToken();
        var requests = new (string Name, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("GET / (page)", () => GetAsync(browser, "/")),
            ("GET /login", () => GetAsync(browser, "/login")),
            ("GET /account", () => GetAsync(browser, "/account")),
            ("GET /session (page)", () => GetAsync(browser, "/session")),
            ("GET /session/theme (row fragment)", () => GetAsync(browser, "/session/theme", htmx: true)),
            ("GET /header/greeting (fragment)", () => GetAsync(browser, "/header/greeting", htmx: true)),
            ("GET /header/theme (fragment)", () => GetAsync(browser, "/header/theme", htmx: true)),
            ("GET /no-such-page (404 page)", () => GetAsync(browser, "/no-such-page")),
            ("GET /events", () => GetAsync(browser, "/events", eventStream: true)),
            ("POST /session/theme without a token (400)", () => browser.PostSessionValueAsync("not-a-token", "theme", "dark")),
            ("POST /session/no-such-key (400)", () => browser.PostSessionValueAsync(token, "no-such-key", "x")),
            ("POST /session/theme invalid value (422)", () => browser.PostSessionValueAsync(token, "theme", "plaid")),
            ("POST /session/theme (the save's answer)", () => browser.PostSessionValueAsync(token, "theme", "dark")),
        };

        var cached = new List<string>();
        foreach (var (name, send) in requests)
        {
            using var response = await send();
            if (!SaysNoStore(response))
            {
                cached.Add($"{name}: {(int)response.StatusCode}, Cache-Control: {response.Headers.CacheControl}, Pragma: {response.Headers.Pragma}");
            }
        }

        Assert.Empty(cached);
    }

    [Fact]
    public async Task The_first_save_which_sets_the_session_cookie_says_no_store()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        Assert.Null(browser.Cookie(AppTestExtensions.SessionCookie));

        using var save = await browser.PostSessionValueAsync(page.AntiforgeryToken(), "displayName", "Ann");

        Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        Assert.Contains(save.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AppTestExtensions.SessionCookie + "=", StringComparison.Ordinal));
        Assert.True(SaysNoStore(save), $"Cache-Control: {save.Headers.CacheControl}, Pragma: {save.Headers.Pragma}");
    }

    [Fact]
    public async Task Refusals_of_an_ended_session_say_no_store()
    {
        using var browser = _app.NewBrowser();
        var account = await SessionBridgeApp.SignInAsync(browser);
        using var stale = _app.NewBrowser();
        stale.CopyCookiesFrom(browser);
        await account.SubmitAsync("form[action='/logout']");

        // The page last: its refusal clears the cookie, the fragment's and the stream's do not (see SessionCookie).
        using var fragment = await GetAsync(stale, "/header/greeting", htmx: true);
        using var stream = await GetAsync(stale, "/events", eventStream: true);
        using var page = await GetAsync(stale, "/");

        Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
        Assert.True(fragment.Headers.Contains("HX-Redirect"));
        Assert.Equal(HttpStatusCode.NoContent, stream.StatusCode);
        Assert.All([page, fragment, stream], response => Assert.True(SaysNoStore(response), $"{response.RequestMessage?.RequestUri}: {response.Headers.CacheControl}"));
    }

    [Fact]
    public async Task The_store_outage_answer_says_no_store()
    {
        bool down = false;
        using var app = new SessionBridgeApp().WithServices(services => services.AddSingleton<ISessionRecordStore>(sp =>
            new HookedRecordStore(ActivatorUtilities.CreateInstance<MemorySessionRecordStore>(sp))
            {
                BeforeLoad = _ => down ? Task.FromException(new SessionStoreUnavailableException("down for the test")) : Task.CompletedTask,
            }));
        using var browser = app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        (await browser.PostSessionValueAsync(page.AntiforgeryToken(), "theme", "dark")).Dispose();

        down = true;
        using var home = await GetAsync(browser, "/");
        using var greeting = await GetAsync(browser, "/header/greeting", htmx: true);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, home.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, greeting.StatusCode);
        Assert.True(SaysNoStore(home), $"Cache-Control: {home.Headers.CacheControl}");
        Assert.True(SaysNoStore(greeting), $"Cache-Control: {greeting.Headers.CacheControl}");
    }

    [Theory]
    [InlineData(Visitor.NoCookie)]
    [InlineData(Visitor.WithSession)]
    public async Task Static_files_and_the_health_check_keep_their_own_caching(Visitor visitor)
    {
        using var browser = await BrowserAsync(visitor);
        var home = await browser.OpenAsync("/");
        var files = home.Document.QuerySelectorAll("link[rel=stylesheet][href], script[src]")
            .Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")!)
            .ToList();
        Assert.True(files.Count >= 5, $"expected the page's css and scripts, found {string.Join(", ", files)}");

        foreach (string file in files)
        {
            using var response = await GetAsync(browser, file);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.CacheControl?.NoStore ?? false, $"{file}: Cache-Control: {response.Headers.CacheControl}");
            Assert.Empty(response.Headers.Pragma);
        }

        // The health check's own "no-store", not the session's "no-cache,no-store".
        using var health = await GetAsync(browser, "/healthz");
        Assert.Equal("no-store", health.Headers.CacheControl?.ToString());
    }

    private static bool SaysNoStore(HttpResponseMessage response) =>
        response.Headers.CacheControl is { NoStore: true } && response.Headers.Pragma.Any(p => p.Name == "no-cache");

    private async Task<HtmxBrowser> BrowserAsync(Visitor visitor)
    {
        var browser = _app.NewBrowser();
        switch (visitor)
        {
            case Visitor.WithSession:
                var page = await browser.OpenAsync("/session");
                (await browser.PostSessionValueAsync(page.AntiforgeryToken(), "displayName", "Ann")).Dispose();
                Assert.NotNull(browser.Cookie(AppTestExtensions.SessionCookie));
                break;
            case Visitor.SignedIn:
                await SessionBridgeApp.SignInAsync(browser);
                Assert.NotNull(browser.Cookie(AppTestExtensions.SessionCookie));
                break;
        }

        return browser;
    }

    private static async Task<HttpResponseMessage> GetAsync(HtmxBrowser browser, string url, bool htmx = false, bool eventStream = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }

        if (eventStream)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        }

        // Headers only: an open event stream never ends; disposing the answer closes it.
        return await browser.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
