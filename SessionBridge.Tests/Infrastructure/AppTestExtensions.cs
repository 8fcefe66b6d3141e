using System.Net;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>Small steps that several user stories share.</summary>
public static class AppTestExtensions
{
    public const string SessionCookie = "sb-session";
    public const string TempDataCookie = "sb-tempdata";

    /// <summary>What a browser with JavaScript off sees: the same page without htmx attributes.</summary>
    public static HtmxPage WithoutJavaScript(this HtmxPage page, string formSelector)
    {
        var form = page.Element(formSelector);
        foreach (string attribute in form.Attributes.Select(a => a.Name).Where(n => n.StartsWith("hx-", StringComparison.Ordinal) || n.StartsWith("data-hx-", StringComparison.Ordinal)).ToList())
        {
            form.RemoveAttribute(attribute);
        }

        return page;
    }

    public static string? Cookie(this HtmxBrowser browser, string name) =>
        browser.Cookies.GetCookies(new Uri("http://localhost/")).FirstOrDefault(c => c.Name == name)?.Value;

    public static void SetCookie(this HtmxBrowser browser, string name, string value) =>
        browser.Cookies.Add(new Uri("http://localhost/"), new Cookie(name, value, "/"));

    /// <summary>An htmx POST of one session key, as its row in the session table sends it.</summary>
    public static async Task<HttpResponseMessage> PostSessionValueAsync(this HtmxBrowser browser, string antiforgeryToken, string key, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/session/" + key)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["value"] = value }),
        };
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("HX-Target", SessionBridge.Web.Pages.Session.SessionRowIds.Updated(key));
        request.Headers.Add("RequestVerificationToken", antiforgeryToken);
        return await browser.Client.SendAsync(request);
    }

    /// <summary>The antiforgery request token the page's htmx-config carries for htmx requests.</summary>
    public static string AntiforgeryToken(this HtmxPage page)
    {
        string config = page.Element("meta[name=htmx-config]").GetAttribute("content")!;
        using var json = System.Text.Json.JsonDocument.Parse(config);
        return json.RootElement.GetProperty("antiForgery").GetProperty("requestToken").GetString()!;
    }

    public static HtmxRequestRecord LastRequestTo(this HtmxBrowser browser, HttpMethod method, string path) =>
        browser.Requests.Last(r => r.Method == method && r.Url.AbsolutePath == path);

    /// <summary>
    /// Posts the login form as htmx does but stops at the answer, leaving the handoff unconsumed in the cookie jar:
    /// the starting point of the replay, expiry and tampering stories.
    /// </summary>
    public static async Task<HttpResponseMessage> PostLoginOnlyAsync(this HtmxBrowser browser, string email = "alice@example.com", string password = SessionBridgeApp.AlicePassword, bool rememberMe = false)
    {
        var page = await browser.OpenAsync("/login");
        return await browser.PostLoginAsync(page.Element("#login-form input[name=__RequestVerificationToken]").GetAttribute("value")!, email, password, rememberMe);
    }

    /// <summary>The login form posted as htmx does, with the antiforgery token of a login page opened before.</summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(this HtmxBrowser browser, string antiforgeryToken, string email = "alice@example.com", string password = SessionBridgeApp.AlicePassword, bool rememberMe = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = email,
                ["password"] = password,
                ["__RequestVerificationToken"] = antiforgeryToken,
                ["rememberMe"] = rememberMe ? "true" : "false",
            }),
        };
        request.Headers.Add("HX-Request", "true");
        return await browser.Client.SendAsync(request);
    }
}
