using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace SessionBridge.Bench.Telemetry;

/// <summary>
/// A short, mixed load that moves every SessionBridge instrument: visitors saving (a few with an unknown key or a value
/// too long), users signing in on two devices, live streams open meanwhile, one device revoked from the other and then
/// refused, visitors asking for the account page, wrong passwords until the login limit refuses, and new sessions past
/// the per-client limit.
/// </summary>
internal static partial class LoadStory
{
    public const int Users = 20;

    private static readonly string[] s_themes = ["dark", "light", "dark"];

    public static async Task RunAsync(Uri baseUrl)
    {
        var streams = new List<HttpResponseMessage>();
        var clients = new List<IDisposable>();
        try
        {
            // Users on a laptop and a phone, each with a live stream open on the laptop while it saves.
            for (int user = 0; user < Users; user++)
            {
                var laptop = new BrowserClient(baseUrl);
                var phone = new BrowserClient(baseUrl);
                clients.Add(laptop);
                clients.Add(phone);
                await SignInAsync(laptop, user);
                await SignInAsync(phone, user);
                streams.Add(await OpenStreamAsync(baseUrl, laptop));
                await laptop.GetAsync("/session");
                for (int save = 0; save < 5; save++)
                {
                    (await laptop.PostAsync("/session/displayName", Form("value", $"User {user} #{save}"), htmx: true, "row-displayName-updated")).Dispose();
                }

                if (user % 2 == 0)
                {
                    string account = await laptop.GetAsync("/account");
                    string handle = SessionHandle().Match(account).Groups[1].Value;
                    (await laptop.PostAsync("/account?handler=revoke", Form("session", handle), htmx: true)).Dispose();
                    await TryGetAsync(phone, "/session");
                }
            }

            // Wrong passwords for one address until the login limit refuses.
            using var intruder = new BrowserClient(baseUrl);
            for (int attempt = 0; attempt < 8; attempt++)
            {
                await intruder.GetAsync("/login");
                (await intruder.PostAsync("/login", Form("email", "bob@example.com", "password", "not-his-password"), htmx: true)).Dispose();
            }

            // Visitors: 3 saves each, every tenth also an unknown key and an invalid value. Last: new sessions from
            // this one address pass the per-client limit (the app runs with 100 a minute) near the end.
            await Parallel.ForEachAsync(Enumerable.Range(0, 80), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            {
                using var visitor = new BrowserClient(baseUrl);
                if (!await TryGetAsync(visitor, "/session"))
                {
                    return;
                }

                foreach (string theme in s_themes)
                {
                    (await visitor.PostAsync("/session/theme", Form("value", theme), htmx: true, "row-theme-updated")).Dispose();
                }

                if (i % 10 == 0)
                {
                    (await visitor.PostAsync("/session/nope", Form("value", "x"), htmx: true)).Dispose();
                    (await visitor.PostAsync("/session/displayName", Form("value", new string('x', 500)), htmx: true, "row-displayName-updated")).Dispose();
                    (await visitor.GetAsync("/session")).Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await TryGetAsync(visitor, "/account");
                }
            });
        }
        finally
        {
            foreach (var stream in streams)
            {
                stream.Dispose();
            }

            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    /// <summary>The users the app is started with: user{N}@example.com, password "Wonderland!2026".</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Accounts() => Enumerable.Range(0, Users).SelectMany(user =>
    {
        string prefix = $"Users:Accounts:{user + 2}:";
        return new KeyValuePair<string, string?>[]
        {
            new(prefix + "Id", $"user{user}"),
            new(prefix + "Email", $"user{user}@example.com"),
            new(prefix + "DisplayName", $"User {user}"),
            new(prefix + "PasswordHash", "AQAAAAIAAYagAAAAELJ3ZL15sEUZV3Y2KcqjT1vvIVaG1BbgDh8EZnL2nkhqHD2cn4wvCsH+P4xPKHm67w=="),
        };
    });

    private static async Task SignInAsync(BrowserClient browser, int user)
    {
        await browser.GetAsync("/login");
        using var login = await browser.PostAsync("/login", Form("email", $"user{user}@example.com", "password", "Wonderland!2026"), htmx: true);
        if (!login.Headers.Contains("HX-Redirect"))
        {
            throw new InvalidOperationException($"login of user{user} answered {(int)login.StatusCode} without HX-Redirect");
        }

        await browser.GetAsync("/account");
    }

    private static async Task<HttpResponseMessage> OpenStreamAsync(Uri baseUrl, BrowserClient browser)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }, disposeHandler: true) { BaseAddress = baseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events?tab=load");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        request.Headers.Add("Cookie", browser.CookieHeader);
        request.Headers.Add("X-Forwarded-Proto", "https");
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"/events answered {(int)response.StatusCode}");
        }

        return response;
    }

    private static async Task<bool> TryGetAsync(BrowserClient browser, string path)
    {
        try
        {
            await browser.GetAsync(path);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // a 429 past the new-session limit, or a redirect to /login: counted by the app
        }
    }

    private static Dictionary<string, string> Form(params string[] pairs) =>
        Enumerable.Range(0, pairs.Length / 2).ToDictionary(i => pairs[2 * i], i => pairs[(2 * i) + 1], StringComparer.Ordinal);

    [GeneratedRegex("name=\"session\" value=\"([^\"]+)\"")]
    private static partial Regex SessionHandle();
}
