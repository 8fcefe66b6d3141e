using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Authentication;

/// <summary>
/// <c>SignInAsync</c> and <c>SignOutAsync</c> with the SessionBridge scheme, on the bridge alone: signing in starts the
/// login handoff and sends the browser, the htmx way or with a 303, to where it lands signed in; signing out ends the
/// session in the store and tells its other tabs.
/// </summary>
public sealed class SignInSignOutTests : IAsyncLifetime
{
    private BridgeHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await BridgeHost.StartAsync(
            endpoints: app => app.MapPost("/sign-in-as/{userId}", async (HttpContext context, string userId) =>
            {
                var form = await context.Request.ReadFormAsync();
                var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], "password"));
                await context.SignInAsync(principal, new AuthenticationProperties
                {
                    IsPersistent = form["remember"] == "true",
                    RedirectUri = form.TryGetValue("to", out var to) ? to.ToString() : null,
                });
            }),
            signedInEndpoints: app => app.MapPost("/sign-out", (HttpContext context) =>
                context.SignOutAsync(new AuthenticationProperties { RedirectUri = "/page" })));
        _host.Users.Add("ann");
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task SignInAsync_from_an_htmx_request_answers_HX_Redirect_and_the_landing_signs_the_session_in()
    {
        using var browser = _host.NewBrowser();

        using var answer = await SignInAsync(browser, htmx: true);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(BridgeHost.LandingPath, answer.Headers.GetValues("HX-Redirect").Single());
        Assert.Null(answer.Headers.Location);
        Assert.Equal("visitor|", await browser.Client.GetStringAsync("/page"));
        using var landing = await browser.Client.GetAsync(BridgeHost.LandingPath);
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.Equal("ann", await landing.Content.ReadAsStringAsync());
        Assert.Equal("ann|", await browser.Client.GetStringAsync("/page"));
    }

    [Fact]
    public async Task SignInAsync_from_a_plain_form_answers_303_and_the_browser_lands_signed_in()
    {
        using var browser = _host.NewBrowser();

        using var answer = await SignInAsync(browser, htmx: false);

        Assert.Equal(HttpStatusCode.SeeOther, answer.StatusCode);
        Assert.Equal(BridgeHost.LandingPath, answer.Headers.Location!.OriginalString);
        Assert.False(answer.Headers.Contains("HX-Redirect"));
        using var landing = await browser.Client.GetAsync(answer.Headers.Location);
        Assert.Equal("ann", await landing.Content.ReadAsStringAsync());
        Assert.DoesNotContain("max-age", SessionSetCookie(landing), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("ann|", await browser.Client.GetStringAsync("/page"));
    }

    [Fact]
    public async Task IsPersistent_remembers_the_device_the_session_cookie_lasts_30_days()
    {
        using var browser = _host.NewBrowser();
        using var answer = await SignInAsync(browser, htmx: true, remember: true);

        using var landing = await browser.Client.GetAsync(BridgeHost.LandingPath);

        Assert.Equal("ann", await landing.Content.ReadAsStringAsync());
        Assert.Contains("max-age=2592000", SessionSetCookie(landing), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/page?from=login", "/page?from=login")]
    [InlineData("//evil.example/", BridgeHost.LandingPath)]
    [InlineData("/\\evil.example/", BridgeHost.LandingPath)]
    [InlineData("https://evil.example/", BridgeHost.LandingPath)]
    [InlineData("/page\nSet-Cookie: x=y", BridgeHost.LandingPath)]
    public async Task RedirectUri_is_where_the_sign_in_goes_when_it_stays_on_this_site(string redirectUri, string expected)
    {
        using var browser = _host.NewBrowser();

        using var plain = await SignInAsync(browser, htmx: false, to: redirectUri);
        using var htmx = await SignInAsync(browser, htmx: true, to: redirectUri);

        Assert.Equal(expected, plain.Headers.Location!.OriginalString);
        Assert.Equal(expected, htmx.Headers.GetValues("HX-Redirect").Single());
    }

    [Fact]
    public async Task SignOutAsync_ends_the_session_and_tells_its_other_tabs_but_not_the_tab_that_signed_out()
    {
        using var browser = _host.NewBrowser();
        using (await SignInAsync(browser, htmx: false))
        {
            (await browser.Client.GetAsync(BridgeHost.LandingPath)).Dispose();
        }

        using var stolen = _host.NewBrowser();
        stolen.CopyCookiesFrom(browser);
        await using var otherTab = await EventStreamClient.OpenAsync(browser, "other-tab");
        await using var thisTab = await EventStreamClient.OpenAsync(browser, "this-tab");
        Assert.Equal(": connected", await otherTab.NextAsync());
        Assert.Equal(": connected", await thisTab.NextAsync());

        using var signOut = await browser.Client.PostAsync("/sign-out", new FormUrlEncodedContent(new Dictionary<string, string> { ["tab"] = "this-tab" }));

        Assert.Equal(HttpStatusCode.SeeOther, signOut.StatusCode);
        Assert.Equal("/page", signOut.Headers.Location!.OriginalString);
        Assert.Equal("signed-out: ", await otherTab.NextEventAsync());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => thisTab.NextAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Equal("visitor|", await browser.Client.GetStringAsync("/page"));
        using var replayed = await stolen.Client.GetAsync(BridgeHost.LandingPath);
        Assert.Equal(HttpStatusCode.SeeOther, replayed.StatusCode);
        Assert.Equal("/sign-in?reason=session-ended", replayed.Headers.Location!.OriginalString);
    }

    private static async Task<HttpResponseMessage> SignInAsync(HtmxBrowser browser, bool htmx, bool remember = false, string? to = null)
    {
        var form = new Dictionary<string, string> { ["remember"] = remember ? "true" : "false" };
        if (to is not null)
        {
            form["to"] = to;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/sign-in-as/ann") { Content = new FormUrlEncodedContent(form) };
        if (htmx)
        {
            request.Headers.Add("HX-Request", "true");
        }

        return await browser.Client.SendAsync(request);
    }

    private static string SessionSetCookie(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(AppTestExtensions.SessionCookie + "=", StringComparison.Ordinal));
}
