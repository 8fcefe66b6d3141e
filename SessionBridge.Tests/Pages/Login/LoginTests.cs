using System.Net;
using System.Text.RegularExpressions;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Login;

public sealed class LoginTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Htmx_login_hands_over_to_the_account_page_with_HX_Redirect()
    {
        using var browser = _app.NewBrowser();

        var account = await SessionBridgeApp.SignInAsync(browser);

        var post = browser.LastRequestTo(HttpMethod.Post, "/login");
        Assert.True(post.IsHtmx);
        Assert.Equal(HttpStatusCode.OK, post.Status);
        Assert.Equal("/account", account.Url.AbsolutePath);
        Assert.False(browser.LastRequestTo(HttpMethod.Get, "/account").IsHtmx);
        Assert.Equal("alice@example.com", account.Text("#account-email"));
        Assert.Contains("Welcome, Alice", account.Text("#flash"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Htmx_login_answer_carries_HX_Redirect_and_the_handoff_cookie()
    {
        using var browser = _app.NewBrowser();

        using var response = await browser.PostLoginOnlyAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/account", Assert.Single(response.Headers.GetValues("HX-Redirect")));
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AppTestExtensions.TempDataCookie + "=", StringComparison.Ordinal));
        Assert.Contains("HX-Request", response.Headers.Vary);
    }

    [Fact]
    public async Task Login_without_JavaScript_answers_303_to_the_account_page()
    {
        using var browser = _app.NewBrowser();
        var login = (await browser.OpenAsync("/login")).WithoutJavaScript("#login-form");
        login.Fill("email", "bob@example.com");
        login.Fill("password", SessionBridgeApp.BobPassword);

        var account = await login.SubmitAsync("#login-form");

        var post = browser.LastRequestTo(HttpMethod.Post, "/login");
        Assert.False(post.IsHtmx);
        Assert.Equal(HttpStatusCode.SeeOther, post.Status);
        Assert.Equal("/account", account.Url.AbsolutePath);
        Assert.Contains("Welcome, Bob", account.Text("#flash"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alice@example.com", "not-her-password")]
    [InlineData("nobody@example.com", "Wonderland!2026")]
    public async Task Wrong_credentials_swap_the_form_back_with_one_generic_message(string email, string password)
    {
        using var browser = _app.NewBrowser();
        var login = await browser.OpenAsync("/login");
        login.Fill("email", email);
        login.Fill("password", password);

        var after = await login.SubmitAsync("#login-form");

        Assert.Same(login, after);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, browser.LastRequestTo(HttpMethod.Post, "/login").Status);
        Assert.Equal("Email or password is incorrect.", after.Text("#login-error"));
        Assert.Equal(email, after.Element("#email").GetAttribute("value"));
        Assert.Null(after.Element("#password").GetAttribute("value"));
        Assert.Equal("/login", after.Url.AbsolutePath);
        Assert.Null(browser.Cookie(AppTestExtensions.SessionCookie));
        Assert.Null(browser.Cookie(AppTestExtensions.TempDataCookie));
        Assert.Single(after.Document.QuerySelectorAll("#login-form"));
        var logged = Assert.Single(_app.Logs.Matching("Login refused"));
        Assert.DoesNotContain(email, logged.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "anything", true)]
    [InlineData("", "anything", false)]
    [InlineData("", "", true)]
    [InlineData("alice@example.com", "", false)]
    public async Task Empty_fields_get_the_generic_message_not_a_500(string email, string password, bool javaScript)
    {
        using var browser = _app.NewBrowser();
        var login = await browser.OpenAsync("/login");
        if (!javaScript)
        {
            login = login.WithoutJavaScript("#login-form");
        }

        login.Fill("email", email);
        login.Fill("password", password);

        var after = await login.SubmitAsync("#login-form");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, browser.LastRequestTo(HttpMethod.Post, "/login").Status);
        Assert.Equal("Email or password is incorrect.", after.Text("#login-error"));
        Assert.Null(browser.Cookie(AppTestExtensions.SessionCookie));
    }

    [Fact]
    public async Task Wrong_password_without_JavaScript_renders_the_whole_page_with_the_message()
    {
        using var browser = _app.NewBrowser();
        var login = (await browser.OpenAsync("/login")).WithoutJavaScript("#login-form");
        login.Fill("email", "alice@example.com");
        login.Fill("password", "wrong");

        var after = await login.SubmitAsync("#login-form");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, after.Response.StatusCode);
        Assert.Equal("Sign in · SessionBridge", after.Document.Title);
        Assert.Equal("Email or password is incorrect.", after.Text("#login-error"));
    }

    [Fact]
    public async Task Login_without_antiforgery_token_is_refused_with_400_and_signs_nobody_in()
    {
        using var browser = _app.NewBrowser();
        await browser.OpenAsync("/login");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["email"] = "alice@example.com",
                ["password"] = SessionBridgeApp.AlicePassword,
            }),
        };

        using var response = await browser.Client.SendAsync(request);
        var account = await browser.OpenAsync("/account");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("may have expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(browser.Cookie(AppTestExtensions.TempDataCookie));
        Assert.Equal("/login", account.Url.AbsolutePath);
    }

    [Fact]
    public async Task Htmx_login_with_a_wrong_antiforgery_token_gets_an_alert_fragment_not_a_page()
    {
        using var browser = _app.NewBrowser();
        var login = await browser.OpenAsync("/login");
        login.Element("#login-form input[name=__RequestVerificationToken]").Remove();
        var config = login.Element("meta[name=htmx-config]");
        config.SetAttribute("content", Regex.Replace(config.GetAttribute("content")!, "\"requestToken\":\"[^\"]+\"", "\"requestToken\":\"forged\""));
        login.Fill("email", "alice@example.com");
        login.Fill("password", SessionBridgeApp.AlicePassword);

        var after = await login.SubmitAsync("#login-form");

        Assert.Equal(HttpStatusCode.BadRequest, browser.LastRequestTo(HttpMethod.Post, "/login").Status);
        Assert.Contains("may have expired", after.Text("#alerts"), StringComparison.Ordinal);
        Assert.NotNull(after.Element("#login-form"));
        Assert.Equal("/login", after.Url.AbsolutePath);
    }

    [Fact]
    public async Task The_login_page_says_why_the_user_was_sent_there()
    {
        using var browser = _app.NewBrowser();

        var login = await browser.OpenAsync("/account");

        Assert.Equal("/login", login.Url.AbsolutePath);
        Assert.Equal("Please sign in to continue.", login.Text(".notice"));
    }

    [Fact]
    public async Task The_login_page_opens_no_live_channel_while_other_pages_of_the_session_do()
    {
        using var browser = _app.NewBrowser();
        string token = (await browser.OpenAsync("/session")).AntiforgeryToken();
        (await browser.PostSessionValueAsync(token, "theme", "dark")).Dispose();

        var session = await browser.OpenAsync("/session");
        var login = await browser.OpenAsync("/login");

        Assert.StartsWith("/events?tab=", session.Element("body").GetAttribute("data-sse-connect"), StringComparison.Ordinal);
        Assert.Equal(string.Empty, login.Element("body").GetAttribute("data-sse-connect"));
    }
}
