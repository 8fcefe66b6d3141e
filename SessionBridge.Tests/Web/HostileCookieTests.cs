using System.Net;
using Microsoft.Extensions.Logging;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Web;

/// <summary>A session cookie that is not a token we issued is treated as absent, cleared, and logged once in one line.</summary>
public sealed class HostileCookieTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    public static TheoryData<string> NotOurTokens => new()
    {
        new string('!', 43),
        new string('_', 43),
        new string('-', 43),
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB", // the token's alphabet and length, non-canonical last character
        "é" + new string('A', 42),
        new string('A', 44),
        "x",
        new string('A', 5000),
    };

    [Theory]
    [MemberData(nameof(NotOurTokens))]
    public async Task Page_with_a_cookie_that_is_not_ours_is_served_and_the_cookie_cleared(string cookie)
    {
        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/session");
        request.Headers.Add("Cookie", "sb-session=" + Uri.EscapeDataString(cookie));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("sb-session=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.Ordinal));
        var line = Assert.Single(_app.Logs.Lines, l => l.Message.Contains("is not a token SessionBridge issued", StringComparison.Ordinal));
        Assert.Null(line.Exception);
        Assert.DoesNotContain(cookie, line.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData('B')] // not a canonical last character: not a token at all, cleared
    [InlineData('w')] // canonical: a well-formed token of no session, a visitor who starts over
    public async Task A_real_token_with_its_last_character_changed_is_not_a_500_on_a_fragment_either(char last)
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        (await browser.PostSessionValueAsync(page.AntiforgeryToken(), "displayName", "Zed")).Dispose();
        string token = browser.Cookie(AppTestExtensions.SessionCookie)!;
        string mangled = token[..^1] + (token[^1] == last ? 'Q' : last);

        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/header/greeting");
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("Cookie", "sb-session=" + mangled);
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("HX-Redirect"));
        Assert.DoesNotContain("Zed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(_app.Logs.Lines, l => l.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_cookie_that_is_not_ours_is_replaced_when_the_request_starts_a_session()
    {
        using var browser = _app.NewBrowser();
        var page = await browser.OpenAsync("/session");
        browser.SetCookie(AppTestExtensions.SessionCookie, new string('!', 43));

        using var save = await browser.PostSessionValueAsync(page.AntiforgeryToken(), "theme", "dark");

        Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        string? token = browser.Cookie(AppTestExtensions.SessionCookie);
        Assert.NotNull(token);
        Assert.NotEqual(new string('!', 43), token);
        Assert.Equal("dark", (await browser.OpenAsync("/")).Document.DocumentElement!.GetAttribute("data-theme"));
    }

    [Fact]
    public async Task A_tampered_antiforgery_cookie_is_replaced_and_logged_in_one_line()
    {
        using var browser = _app.NewBrowser();
        browser.SetCookie("sb-antiforgery", "CfDJ8" + new string('x', 120));

        var page = await browser.OpenAsync("/login");
        var refused = await browser.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = "CfDJ8" + new string('y', 80), ["email"] = "a", ["password"] = "b" }),
        });

        Assert.NotNull(page.Element("#login-form"));
        Assert.NotEqual("CfDJ8" + new string('x', 120), browser.Cookie("sb-antiforgery"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Single(_app.Logs.Lines, l => l.Message.Contains("Antiforgery cookie on /login was not one this app issued", StringComparison.Ordinal));
        Assert.Single(_app.Logs.Lines, l => l.Message.StartsWith("POST /login refused (400)", StringComparison.Ordinal));
        Assert.DoesNotContain(_app.Logs.Lines, l => l.Exception is not null || l.Message.Contains("xxxx", StringComparison.Ordinal));
    }
}
