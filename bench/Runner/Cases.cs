namespace SessionBridge.Bench;

/// <summary>
/// The measured cases, in the order of the report. Each app gets one prepared session holding the display name
/// "Bench" and one antiforgery cookie with its token, which every wrk connection then reuses.
/// </summary>
internal static class Cases
{
    public const string DisplayName = "Bench";

    /// <summary>The element a save from the table row targets (hx-target), as the page sends it in HX-Target.</summary>
    public const string SaveTarget = "row-displayName-updated";

    /// <summary>
    /// What a successful save answers, every line of which must be in the body: the "Updated" cell with a time in it
    /// (a failed save shows "default" or the whole row). SessionBridge and the stock baseline answer the same bytes.
    /// </summary>
    public const string SavedAnswer = "<td id=\"" + SaveTarget + "\" data-label=\"Updated\">\n UTC</time>";

    public static async Task<IReadOnlyList<BenchCase>> PrepareAsync(App bridgeMemory, App bridgeRedis, App stockMemory, App stockRedis)
    {
        var bridgeMemoryCookies = await BridgeSessionAsync(bridgeMemory);
        var bridgeRedisCookies = await BridgeSessionAsync(bridgeRedis);
        var stockMemoryCookies = await StockSessionAsync(stockMemory);
        var stockRedisCookies = await StockSessionAsync(stockRedis);
        const string Greeting = "Hello, " + DisplayName;

        return
        [
            new("bare", "bare minimal-API fragment, no session", CaseFamily.Bare, stockMemory, "GET", "/bare", [], string.Empty, 200, "Hello!", null),
            new("stock-memory-read", "stock session, memory: read", CaseFamily.Stock, stockMemory, "GET", "/stock/greeting", [stockMemoryCookies.Cookie], string.Empty, 200, Greeting, null),
            new("stock-memory-write", "stock session, memory: write", CaseFamily.Stock, stockMemory, "POST", "/stock/displayName", [stockMemoryCookies.Cookie, "HX-Request: true"], stockMemoryCookies.Form, 200, SavedAnswer, null),
            new("bridge-memory-anonymous", "SessionBridge embedded: greeting without cookie", CaseFamily.SessionBridge, bridgeMemory, "GET", "/header/greeting", ["HX-Request: true"], string.Empty, 200, "Hello!", "bare"),
            new("bridge-memory-read", "SessionBridge embedded: greeting with session", CaseFamily.SessionBridge, bridgeMemory, "GET", "/header/greeting", [bridgeMemoryCookies.Cookie, "HX-Request: true"], string.Empty, 200, Greeting, "stock-memory-read"),
            new("bridge-memory-save", "SessionBridge embedded: save", CaseFamily.SessionBridge, bridgeMemory, "POST", "/session/displayName", [bridgeMemoryCookies.Cookie, "HX-Request: true", "HX-Target: " + SaveTarget], bridgeMemoryCookies.Form, 200, SavedAnswer, "stock-memory-write"),
            new("stock-redis-read", "stock session, Redis: read", CaseFamily.Stock, stockRedis, "GET", "/stock/greeting", [stockRedisCookies.Cookie], string.Empty, 200, Greeting, null),
            new("stock-redis-write", "stock session, Redis: write", CaseFamily.Stock, stockRedis, "POST", "/stock/displayName", [stockRedisCookies.Cookie, "HX-Request: true"], stockRedisCookies.Form, 200, SavedAnswer, null),
            new("bridge-redis-read", "SessionBridge Redis: greeting with session", CaseFamily.SessionBridge, bridgeRedis, "GET", "/header/greeting", [bridgeRedisCookies.Cookie, "HX-Request: true"], string.Empty, 200, Greeting, "stock-redis-read"),
            new("bridge-redis-save", "SessionBridge Redis: save", CaseFamily.SessionBridge, bridgeRedis, "POST", "/session/displayName", [bridgeRedisCookies.Cookie, "HX-Request: true", "HX-Target: " + SaveTarget], bridgeRedisCookies.Form, 200, SavedAnswer, "stock-redis-write"),
        ];
    }

    /// <summary>Cookie header and save form of a SessionBridge session made the way a browser makes one.</summary>
    public static async Task<(string Cookie, string Form)> BridgeSessionAsync(App app)
    {
        using var browser = new BrowserClient(app.BaseUrl);
        await browser.GetAsync("/session");
        using var saved = await browser.PostAsync("/session/" + "displayName", new Dictionary<string, string> { ["value"] = DisplayName }, htmx: true, SaveTarget);
        string body = await saved.Content.ReadAsStringAsync();
        if (!saved.IsSuccessStatusCode || !BenchCase.IsExpected(body, SavedAnswer))
        {
            throw new InvalidOperationException($"{app.Name}: first save answered {(int)saved.StatusCode}: {body}");
        }

        return ("Cookie: " + browser.CookieHeader, Form(browser.Token!));
    }

    private static async Task<(string Cookie, string Form)> StockSessionAsync(App app)
    {
        using var browser = new BrowserClient(app.BaseUrl);
        await browser.GetAsync("/stock/token");
        using var saved = await browser.PostAsync("/stock/displayName", new Dictionary<string, string> { ["value"] = DisplayName }, htmx: true);
        if (!saved.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{app.Name}: first save answered {(int)saved.StatusCode}");
        }

        return ("Cookie: " + browser.CookieHeader, Form(browser.Token!));
    }

    private static string Form(string token) =>
        "value=" + DisplayName + "&__RequestVerificationToken=" + Uri.EscapeDataString(token);
}
