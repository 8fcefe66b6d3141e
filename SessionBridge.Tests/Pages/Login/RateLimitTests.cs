using System.Net;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Login;

/// <summary>Too many login attempts get 429 with a message and Retry-After, per email and per address.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly SessionBridgeApp _app = new SessionBridgeApp()
        .WithSetting("LoginRateLimit:PerEmail", "3")
        .WithSetting("LoginRateLimit:PerIp", "5");

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task Guessing_one_accounts_password_is_stopped_with_429_and_Retry_After()
    {
        using var browser = _app.NewBrowser();
        for (int i = 0; i < 3; i++)
        {
            using var wrong = await browser.PostLoginOnlyAsync(password: "guess" + i);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        }

        using var throttled = await browser.PostLoginOnlyAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.True(int.Parse(throttled.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 60);
        Assert.Contains("Too many sign-in attempts", await throttled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(throttled.Headers.Contains("HX-Redirect"));
    }

    [Fact]
    public async Task Throttled_htmx_login_swaps_the_form_with_the_message()
    {
        using var browser = _app.NewBrowser();
        for (int i = 0; i < 3; i++)
        {
            (await browser.PostLoginOnlyAsync(password: "guess" + i)).Dispose();
        }

        var login = await browser.OpenAsync("/login");
        login.Fill("email", "alice@example.com");
        login.Fill("password", SessionBridgeApp.AlicePassword);
        var after = await login.SubmitAsync("#login-form");

        Assert.Equal("/login", after.Url.AbsolutePath);
        Assert.Equal("Too many sign-in attempts. Wait a minute and try again.", after.Text("#login-error"));
    }

    [Fact]
    public async Task Trying_many_accounts_from_one_address_is_stopped_too()
    {
        using var browser = _app.NewBrowser();
        for (int i = 0; i < 5; i++)
        {
            using var wrong = await browser.PostLoginOnlyAsync(email: $"user{i}@example.com", password: "guess");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        }

        using var throttled = await browser.PostLoginOnlyAsync(email: "bob@example.com", password: SessionBridgeApp.BobPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
    }
}
