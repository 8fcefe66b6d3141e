using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Web;

/// <summary>
/// The app remembers antiforgery pairs it has validated (RememberedAntiforgery): what it remembers is the pair and the
/// user, so a token that was accepted once is still refused with anyone else's cookie or for anyone else, a refused
/// pair stays refused, and an app's own additional data is checked on every request.
/// </summary>
public sealed class RememberedAntiforgeryTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task An_accepted_token_is_refused_with_another_clients_antiforgery_cookie()
    {
        using var victim = _app.NewBrowser();
        string victimToken = (await victim.OpenAsync("/session")).AntiforgeryToken();
        for (int i = 0; i < 2; i++)
        {
            using var saved = await victim.PostSessionValueAsync(victimToken, "displayName", "Vic" + i);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        using var attacker = _app.NewBrowser();
        await attacker.OpenAsync("/session");
        using var stolen = await attacker.PostSessionValueAsync(victimToken, "displayName", "Mallory");

        Assert.Equal(HttpStatusCode.BadRequest, stolen.StatusCode);
    }

    [Fact]
    public async Task A_refused_token_is_refused_every_time()
    {
        using var browser = _app.NewBrowser();
        string token = (await browser.OpenAsync("/session")).AntiforgeryToken();
        string forged = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");

        for (int i = 0; i < 2; i++)
        {
            using var refused = await browser.PostSessionValueAsync(forged, "displayName", "Mallory");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        Assert.Equal(2, _app.Logs.Lines.Count(l => l.Message.Contains("/session/displayName refused (400)", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_pair_accepted_for_a_signed_in_user_is_refused_for_another_user_and_for_a_visitor()
    {
        using var app = new SessionBridgeApp().WithServices(services =>
        {
            services.AddAuthentication(HeaderUser.Name).AddScheme<AuthenticationSchemeOptions, HeaderUser>(HeaderUser.Name, null);
            services.AddTransient<IStartupFilter, AuthenticateFirst>();
        });
        using var browser = app.NewBrowser();
        browser.Client.DefaultRequestHeaders.Add(HeaderUser.Header, "alice");
        string token = (await browser.OpenAsync("/session")).AntiforgeryToken();
        for (int i = 0; i < 2; i++)
        {
            using var saved = await browser.PostSessionValueAsync(token, "displayName", "Alice" + i);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        browser.Client.DefaultRequestHeaders.Remove(HeaderUser.Header);
        browser.Client.DefaultRequestHeaders.Add(HeaderUser.Header, "bob");
        using var asBob = await browser.PostSessionValueAsync(token, "displayName", "Mallory");
        browser.Client.DefaultRequestHeaders.Remove(HeaderUser.Header);
        using var asVisitor = await browser.PostSessionValueAsync(token, "displayName", "Mallory");

        Assert.Equal(HttpStatusCode.BadRequest, asBob.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, asVisitor.StatusCode);
        Assert.Equal(2, app.Logs.Matching("meant for a different claims-based user").Count);
    }

    [Fact]
    public async Task An_apps_additional_data_refuses_a_pair_that_was_accepted_before()
    {
        using var app = new SessionBridgeApp().WithServices(services => services.AddSingleton<IAntiforgeryAdditionalDataProvider, RefusableData>());
        using var browser = app.NewBrowser();
        string token = (await browser.OpenAsync("/session")).AntiforgeryToken();
        using (var saved = await browser.PostSessionValueAsync(token, "displayName", "Vic"))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        browser.Client.DefaultRequestHeaders.Add(RefusableData.Header, "yes");
        using var refused = await browser.PostSessionValueAsync(token, "displayName", "Vic again");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    /// <summary>Signs the request in as the user its header names: a real authentication scheme, run before the app.</summary>
    private sealed class HeaderUser(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Name = "test-header";
        public const string Header = "X-Test-User";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (Request.Headers[Header].ToString() is not { Length: > 0 } user)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user), new Claim(ClaimTypes.Name, user)], Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Name)));
        }
    }

    private sealed class AuthenticateFirst : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseAuthentication();
            next(app);
        };
    }

    /// <summary>An app's own check of each request: refused when the request says so.</summary>
    private sealed class RefusableData : IAntiforgeryAdditionalDataProvider
    {
        public const string Header = "X-Test-Refuse";

        public string GetAdditionalData(HttpContext context) => "bound";

        public bool ValidateAdditionalData(HttpContext context, string additionalData) =>
            additionalData == "bound" && context.Request.Headers[Header] != "yes";
    }
}
