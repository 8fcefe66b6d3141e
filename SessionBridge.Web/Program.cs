using Htmx.TagHelpers;
using SessionBridge.Web.Bridge;
using SessionBridge.Web.Bridge.Events;
using SessionBridge.Web.Hosting;
using SessionBridge.Web.Localization;
using SessionBridge.Web.Pages.Session;
using SessionBridge.Web.Users;

var builder = WebApplication.CreateBuilder(args);

builder.WebHost.ConfigureKestrelLimits();
builder.Services.AddSessionBridge(builder.Configuration, builder.Environment, AppSessionKeys.All);
builder.Services.AddUsers();
builder.Services.AddSessionBridgeWeb(builder.Environment);
builder.Services.AddAppLocalization();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error/500");
    app.UseHsts();
}

app.UseStatusCodePagesWithReExecute("/error/{0}");
app.UseSecurityHeaders();
app.UseRequestBodyLimit();
app.MapStaticAssets();
app.UseRouting();
app.UseSessionBridge();
app.UseAppLocalization();
app.UseAntiforgery();

app.MapHtmxAntiforgeryScript();
app.MapRazorPages().WithStaticAssets();
app.MapSessionEvents();
app.MapHealth();

app.LogStartup();
app.Run();
