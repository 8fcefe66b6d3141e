using Htmx.TagHelpers;
using SessionBridge;
using SessionBridge.Authentication;
using SessionBridge.Events;
using SessionBridge.Sessions;
using SessionBridge.Web.Hosting;
using SessionBridge.Web.Hosting.Telemetry;
using SessionBridge.Web.Localization;
using SessionBridge.Web.Pages.Account;
using SessionBridge.Web.Pages.Login;
using SessionBridge.Web.Pages.Session;
using SessionBridge.Web.Users;

var builder = WebApplication.CreateBuilder(args);

builder.WebHost.ConfigureKestrelLimits();
builder.Services.AddSessionBridge(AppSessionKeys.All, bridge =>
{
    bridge.LoginPath = "/login";
    bridge.EventsPath = "/events";
});

// What a tab shows of a key another tab changed comes rendered over the live channel: the tab asks for nothing.
builder.Services.AddSingleton<ISessionChangeRenderer, LiveChangeRenderer>();

// One switch for every shared part: sessions, the session index, the limits, IDistributedCache and the Data Protection
// key ring are all in Redis, or all in this process.
if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
{
    builder.Services.AddSessionBridgeRedis(redis);
}

builder.Services.AddUsers();

// Who is signed in comes from the session (the scheme adds no cookie of its own), and every page is for signed-in
// users unless it says [AllowAnonymous]: a page added without a thought is not public by mistake.
builder.Services.AddAuthentication(SessionBridgeAuthenticationDefaults.AuthenticationScheme)
    .AddSessionBridge(scheme => scheme.LandingPath = "/account");
builder.Services.AddAuthorization(authorization => authorization.FallbackPolicy = SessionBridgeAuthorization.FallbackPolicy);
builder.Services.AddLogin();
builder.Services.AddAccount();
builder.Services.AddWebPages();
builder.Services.AddProxySupport();
builder.Services.AddAppLocalization();
builder.AddTelemetry();

var app = builder.Build();

app.UseForwardedHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error/500");
    app.UseHsts();
    app.UseHttpsOnly();
}

app.UseStatusCodePagesWithReExecute("/error/{0}");
app.UseSecurityHeaders();
app.UseRouting();
app.UsePageMethods();
app.UseRequestBodyLimit();
app.UseSessionBridge();

// After the bridge, which resolves the session and lands a login (so the landing page already sees its user); before
// the antiforgery check, whose tokens are bound to the user.
app.UseAuthentication();
app.UseAppLocalization();
app.UseAuthorization();
app.UseAntiforgery();

// Static files, the antiforgery script and the health check never load the session: no store round trip, and they
// serve during a store outage, to anyone.
app.MapStaticAssets().AllowAnonymous().Add(endpoint => endpoint.Metadata.Add(new WithoutSessionAttribute()));
app.MapHtmxAntiforgeryScript().WithMetadata(new WithoutSessionAttribute()).AllowAnonymous();
app.MapRazorPages().WithStaticAssets();
app.MapSessionEvents();
app.MapHealth();

app.LogStartup();
app.Run();
