using System.Net;
using SessionBridge.Testing;
using Xunit;

namespace QuickStart.Tests;

/// <summary>The quick start's own page tests: the app in memory, driven as htmx would drive it.</summary>
public sealed class SignInTests
{
    [Fact]
    public async Task A_visitor_is_sent_to_sign_in_and_lands_on_the_private_page()
    {
        await using var host = new HtmxTestHost<Program>().WithEnvironment("Development");
        using var browser = host.NewBrowser();

        var login = await browser.OpenAsync("/private");
        Assert.Equal("/login", login.Url.AbsolutePath);

        login.Fill("email", "demo@example.com");
        login.Fill("password", "QuickStart!2026");
        var landed = await login.SubmitAsync("#login");

        Assert.Equal("/private", landed.Url.AbsolutePath);
        Assert.Equal("Signed in as demo@example.com.", landed.Text("#user"));

        // The sign-in was an htmx POST, answered with HX-Redirect: the browser then loaded the page, not a fragment.
        Assert.True(browser.Requests.Single(r => r.Method == HttpMethod.Post).IsHtmx);
        Assert.False(browser.Requests[^1].IsHtmx);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_in_place()
    {
        await using var host = new HtmxTestHost<Program>().WithEnvironment("Development");
        using var browser = host.NewBrowser();

        var login = await browser.OpenAsync("/login");
        login.Fill("email", "demo@example.com");
        login.Fill("password", "guess");
        await login.SubmitAsync("#login");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, browser.Requests[^1].Status);
        Assert.Equal("Wrong email or password.", login.Text("#login [role=alert]"));
    }
}
