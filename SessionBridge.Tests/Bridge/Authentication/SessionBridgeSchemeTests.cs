using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Authentication;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Authentication;

/// <summary>
/// The SessionBridge authentication scheme on the bridge alone: <c>User</c> is the signed-in session's user on every
/// kind of request, a route that does not say AllowAnonymous is refused to visitors the way the request expects, and
/// policies over the directory's claims decide who else is refused (403).
/// </summary>
public sealed class SessionBridgeSchemeTests : IAsyncLifetime
{
    private const string TeamPolicy = "blue-team";

    private readonly ConcurrentQueue<ClaimsPrincipal> _streamUsers = new();
    private BridgeHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await BridgeHost.StartAsync(
            services: services =>
            {
                services.AddAuthorization(authorization => authorization.AddPolicy(TeamPolicy, policy => policy.RequireClaim("team", "blue")));
                services.AddSingleton<IStartupFilter>(new StreamUserProbe(_streamUsers));
            },
            signedInEndpoints: app =>
            {
                app.MapGet("/claims", (HttpContext context) => Describe(context.User));
                app.MapGet("/blue", () => "welcome, blue team").RequireAuthorization(TeamPolicy);
            });
        _host.Users.Add("ann");
        _host.Users.Add("bea", new Claim("team", "blue"));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task User_is_the_signed_in_user_with_the_directorys_claims_and_the_sessions_handle_never_its_token()
    {
        using var browser = await SignedInAsync("ann");

        var claims = await ClaimsAsync(browser);

        Assert.Equal(["ann"], claims[ClaimTypes.NameIdentifier]);
        Assert.Equal(["ann"], claims[ClaimTypes.Name]);
        Assert.Equal(["ann@example.com"], claims[ClaimTypes.Email]);
        string handle = Assert.Single(claims[SessionBridgeClaimTypes.Session]);
        Assert.Matches("^[A-Za-z0-9_-]{12}$", handle);

        // Neither the cookie's token nor a part of it long enough to mean anything (the handle is a part of the id, a hash of it).
        string token = browser.Cookie(AppTestExtensions.SessionCookie)!;
        Assert.All(claims.Values.SelectMany(values => values), value =>
        {
            Assert.DoesNotContain(token, value, StringComparison.Ordinal);
            Assert.False(value.Length >= 8 && token.Contains(value, StringComparison.Ordinal), $"the claim value {value} is a part of the session token");
        });
    }

    [Fact]
    public async Task The_user_id_and_the_session_are_the_bridges_to_say_not_the_directorys()
    {
        _host.Users.Add("cy", new Claim(ClaimTypes.NameIdentifier, "root"), new Claim(SessionBridgeClaimTypes.Session, "forged"));
        using var browser = await SignedInAsync("cy");

        var claims = await ClaimsAsync(browser);

        Assert.Equal(["cy"], claims[ClaimTypes.NameIdentifier]);
        Assert.NotEqual("forged", Assert.Single(claims[SessionBridgeClaimTypes.Session]));
    }

    [Fact]
    public async Task Each_session_of_a_user_has_its_own_handle()
    {
        using var first = await SignedInAsync("ann");
        using var second = await SignedInAsync("ann");

        Assert.NotEqual(
            Assert.Single((await ClaimsAsync(first))[SessionBridgeClaimTypes.Session]),
            Assert.Single((await ClaimsAsync(second))[SessionBridgeClaimTypes.Session]));
    }

    [Fact]
    public async Task The_event_stream_sees_the_signed_in_user_and_a_visitors_stream_sees_nobody()
    {
        using var signedIn = await SignedInAsync("ann");
        using var visitor = _host.NewBrowser();
        await Save(visitor);

        await using (var stream = await EventStreamClient.OpenAsync(signedIn))
        {
            Assert.Equal(": connected", await stream.NextAsync());
        }

        await using (var stream = await EventStreamClient.OpenAsync(visitor))
        {
            Assert.Equal(": connected", await stream.NextAsync());
        }

        var users = _streamUsers.ToArray();
        Assert.Equal(2, users.Length);
        Assert.Equal("ann", users[0].FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.Equal("ann", users[0].Identity!.Name);
        Assert.NotNull(users[0].FindFirstValue(SessionBridgeClaimTypes.Session));
        Assert.False(users[1].Identity?.IsAuthenticated ?? false);
    }

    [Fact]
    public async Task A_route_that_does_not_say_AllowAnonymous_sends_a_visitors_page_to_sign_in()
    {
        using var visitor = _host.NewBrowser();
        await Save(visitor);

        using var response = await visitor.Client.GetAsync("/claims");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/sign-in?reason=sign-in-required", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_route_that_does_not_say_AllowAnonymous_answers_a_visitors_fragment_with_HX_Redirect()
    {
        using var visitor = _host.NewBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/claims");
        request.Headers.Add("HX-Request", "true");

        using var response = await visitor.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/sign-in?reason=sign-in-required", response.Headers.GetValues("HX-Redirect").Single());
        Assert.Empty(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_route_that_does_not_say_AllowAnonymous_ends_a_visitors_event_stream()
    {
        using var visitor = _host.NewBrowser();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/claims");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));

        using var response = await visitor.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task A_claim_based_policy_admits_the_user_with_the_claim_and_forbids_the_one_without()
    {
        using var ann = await SignedInAsync("ann");
        using var bea = await SignedInAsync("bea");

        using var forbidden = await ann.Client.GetAsync("/blue");
        using var admitted = await bea.Client.GetAsync("/blue");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        Assert.Equal("welcome, blue team", await admitted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_policy_still_sends_a_visitor_to_sign_in_rather_than_forbidding()
    {
        using var visitor = _host.NewBrowser();

        using var response = await visitor.Client.GetAsync("/blue");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/sign-in?reason=sign-in-required", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_request_for_no_route_or_for_a_method_the_route_does_not_serve_is_answered_to_a_visitor_as_usual()
    {
        using var visitor = _host.NewBrowser();

        using var missing = await visitor.Client.GetAsync("/no-such-route");
        using var method = await visitor.Client.DeleteAsync("/claims");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, method.StatusCode);
    }

    private async Task<HtmxBrowser> SignedInAsync(string user)
    {
        var browser = _host.NewBrowser();
        using var signIn = await browser.Client.PostAsync("/signin/" + user, null);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        return browser;
    }

    private static async Task Save(HtmxBrowser browser)
    {
        using var saved = await browser.Client.PostAsync("/save/note", new FormUrlEncodedContent(new Dictionary<string, string> { ["value"] = "x" }));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
    }

    private static async Task<Dictionary<string, string[]>> ClaimsAsync(HtmxBrowser browser)
    {
        using var response = await browser.Client.GetAsync("/claims");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync())
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .GroupBy(parts => parts[0], parts => parts[1])
            .ToDictionary(group => group.Key, group => group.ToArray());
    }

    private static string Describe(ClaimsPrincipal user) => string.Join("\n", user.Claims.Select(claim => claim.Type + "=" + claim.Value));

    /// <summary>Records <c>User</c> of each event stream when its answer starts, from outside the app's pipeline.</summary>
    private sealed class StreamUserProbe(ConcurrentQueue<ClaimsPrincipal> users) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Path == "/events")
                {
                    context.Response.OnStarting(() =>
                    {
                        users.Enqueue(context.User);
                        return Task.CompletedTask;
                    });
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
