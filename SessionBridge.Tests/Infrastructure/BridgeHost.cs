using System.Globalization;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SessionBridge;
using SessionBridge.Authentication;
using SessionBridge.Events;
using SessionBridge.Handoff;
using SessionBridge.Keys;
using SessionBridge.Sessions;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>
/// The bridge alone, on a minimal app with none of the product: its own keys, a user directory the test controls, a
/// clock the test moves, and a few endpoints that use the bridge the way pages do. Mechanism tests run here, so
/// renaming a page or a product key breaks no mechanism test. Authentication and authorisation are wired as an app
/// does: the SessionBridge scheme, a fallback policy that refuses visitors, and endpoints that say AllowAnonymous.
/// </summary>
public sealed class BridgeHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Uri? _address;

    private BridgeHost(WebApplication app, FakeTimeProvider time, TestUsers users, CapturedLogs logs, Uri? address)
    {
        _app = app;
        _address = address;
        Time = time;
        Users = users;
        Logs = logs;
    }

    /// <summary>A text, a choice and a flag: one key of each type.</summary>
    public static IReadOnlyList<SessionKey> DefaultKeys { get; } =
    [
        SessionKey.Text("note", maxLength: 20),
        SessionKey.Choice("color", ["red", "green", "blue"], defaultValue: "red"),
        SessionKey.Flag("pinned"),
    ];

    public FakeTimeProvider Time { get; }

    public TestUsers Users { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The store of a host started with <c>hookedStore: true</c>.</summary>
    internal HookedRecordStore HookedStore => HookedRecordStore.Of(_app.Services);

    /// <summary>The path a sign-in lands on when it names none: GET answers the signed-in user's id (visitors are refused).</summary>
    public const string LandingPath = "/landing";

    /// <summary>
    /// GET /page answers "{user or visitor}|{note}"; GET /rows every row as "key=value" lines; POST /save/{key} saves the form field "value" and answers the
    /// outcome's status; POST /signin/{user} signs the session in; POST /revoke-others ends the user's other sessions;
    /// /events is the live channel. All but /revoke-others and <see cref="LandingPath"/> are open to visitors.
    /// </summary>
    /// <param name="hookedStore">The store is a <see cref="HookedRecordStore"/> (see <see cref="HookedStore"/>), to make it slow or hang.</param>
    /// <param name="endpoints">Maps a test's own endpoints beside the ones above, open to visitors as those are.</param>
    /// <param name="signedInEndpoints">Maps a test's own endpoints as an app's pages are: for signed-in users unless they say otherwise.</param>
    /// <param name="kestrel">Serve on a real Kestrel on loopback rather than in memory, where a test needs real connections (a client that disconnects).</param>
    public static async Task<BridgeHost> StartAsync(
        IEnumerable<SessionKey>? keys = null,
        Action<IServiceCollection>? services = null,
        bool hookedStore = false,
        Action<IEndpointRouteBuilder>? endpoints = null,
        bool kestrel = false,
        Action<IEndpointRouteBuilder>? signedInEndpoints = null)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        var users = new TestUsers();
        var logs = new CapturedLogs(nameof(BridgeHost));
        // Given at creation: set afterwards, the name reaches neither the services' IHostEnvironment nor the cookies
        // named from it (Development's "sb-" names on plain http).
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        if (kestrel)
        {
            builder.WebHost.UseKestrel(server => server.Listen(IPAddress.Loopback, 0));
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton<ISessionUserDirectory>(users);
        builder.Services.AddDistributedMemoryCache();
        builder.Services.AddSessionBridge(keys ?? DefaultKeys, bridge =>
        {
            bridge.LoginPath = "/sign-in";
            bridge.EventsPath = "/events";
        });
        builder.Services.AddAuthentication(SessionBridgeAuthenticationDefaults.AuthenticationScheme)
            .AddSessionBridge(scheme => scheme.LandingPath = LandingPath);
        builder.Services.AddAuthorization(authorization => authorization.FallbackPolicy = SessionBridgeAuthorization.FallbackPolicy);
        if (hookedStore)
        {
            HookedRecordStore.AddTo(builder.Services);
        }

        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.UseRouting();
        app.UseSessionBridge();
        app.UseAuthentication();
        app.UseAuthorization();
        var open = app.MapGroup(string.Empty).AllowAnonymous();
        open.MapGet("/page", (HttpContext context, SessionDataTable table) =>
            (context.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "visitor") + "|" + table.Read(context.Session, "note")?.Value);
        open.MapGet("/rows", (HttpContext context, SessionDataTable table) =>
            string.Join("\n", table.Read(context.Session).Select(row => row.Key.Name + "=" + row.Value)));
        open.MapPost("/save/{key}", async (HttpContext context, string key, SessionDataTable table) =>
        {
            var form = await context.Request.ReadFormAsync();
            var save = await table.SaveAsync(context, key, form.TryGetValue("value", out var value) ? value.ToString() : null, context.RequestAborted);
            return Results.Text(save.Outcome.ToString(), statusCode: save.Outcome switch
            {
                SessionSaveOutcome.Saved => StatusCodes.Status200OK,
                SessionSaveOutcome.UnknownKey => StatusCodes.Status400BadRequest,
                SessionSaveOutcome.Invalid => StatusCodes.Status422UnprocessableEntity,
                _ => StatusCodes.Status503ServiceUnavailable,
            });
        });
        open.MapPost("/signin/{userId}", async (HttpContext context, string userId, UserSessions sessions, ISessionUserDirectory directory) =>
        {
            await context.BridgeSession().EstablishAsync(context.RequestAborted);
            var claims = await directory.FindAsync(userId) ?? throw new InvalidOperationException($"no user {userId}");
            return await sessions.SignInAsync(context, new SignedInUser(userId, claims), rememberMe: false, cancellationToken: context.RequestAborted) ? Results.Ok() : Results.Conflict();
        });
        app.MapPost("/revoke-others", async (HttpContext context, UserSessions sessions) =>
            (await sessions.RevokeOthersAsync(context.User.FindFirstValue(ClaimTypes.NameIdentifier)!, context.BridgeSession().Id, context.RequestAborted)).ToString(CultureInfo.InvariantCulture));
        app.MapGet(LandingPath, (HttpContext context) => context.User.FindFirstValue(ClaimTypes.NameIdentifier))
            .WithMetadata(new HandoffLandingAttribute());
        app.MapSessionEvents();
        endpoints?.Invoke(open);
        signedInEndpoints?.Invoke(app);
        await app.StartAsync();
        Uri? address = kestrel ? new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) : null;
        return new BridgeHost(app, time, users, logs, address);
    }

    public HtmxBrowser NewBrowser()
    {
        if (_address is null)
        {
            return HtmxBrowser.For(_app.GetTestServer().CreateHandler());
        }

        var jar = new CookieContainer();
        var handler = new CookieContainerHandler(jar) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false } };
        return new HtmxBrowser(new HttpClient(handler) { BaseAddress = _address }, jar);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
