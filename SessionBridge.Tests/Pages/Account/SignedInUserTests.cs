using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Pages.Account;

/// <summary>
/// The product reads who is signed in from <c>User</c>: the name and email the user directory gives as claims, on a
/// page and on a fragment; and a page with a policy the user does not meet answers 403 with the app's status page.
/// </summary>
public sealed class SignedInUserTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task The_account_page_and_the_greeting_fragment_name_the_signed_in_user_from_the_directorys_claims()
    {
        using var browser = _app.NewBrowser();
        var account = await SessionBridgeApp.SignInAsync(browser);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/header/greeting");
        request.Headers.Add("HX-Request", "true");
        using var greeting = await browser.Client.SendAsync(request);

        Assert.Equal("alice@example.com", account.Text("#account-email"));
        Assert.Equal("Welcome, Alice! You are signed in.", account.Text("#flash"));
        Assert.Equal(HttpStatusCode.OK, greeting.StatusCode);
        Assert.Contains("Hello, Alice", await greeting.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_whose_claim_based_policy_the_user_does_not_meet_answers_403_with_the_status_page()
    {
        using var app = new SessionBridgeApp().WithServices(services =>
        {
            services.AddAuthorization(authorization => authorization.AddPolicy("admins", policy => policy.RequireClaim("role", "admin")));
            services.Configure<RazorPagesOptions>(pages => pages.Conventions.AuthorizePage("/Account/Index", "admins"));
        });
        using var browser = app.NewBrowser();

        var landed = await SessionBridgeApp.SignInAsync(browser);
        using var fragment = new HttpRequestMessage(HttpMethod.Get, "/account");
        fragment.Headers.Add("HX-Request", "true");
        using var htmx = await browser.Client.SendAsync(fragment);
        var home = await browser.OpenAsync("/");

        Assert.Equal(HttpStatusCode.Forbidden, landed.Response.StatusCode);
        Assert.Equal("Error 403", landed.Text("h1"));
        Assert.Equal("You are not allowed to see this page.", landed.Text("main .alert"));
        Assert.Equal(HttpStatusCode.Forbidden, htmx.StatusCode);
        Assert.Equal("#alerts", htmx.Headers.GetValues("HX-Retarget").Single());
        Assert.Equal("Hello, Alice", home.Text("#greeting"));
    }
}
