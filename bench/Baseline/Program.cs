using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using SessionBridge.Bench.Baseline;

// What an app without SessionBridge does: a bare minimal-API fragment, and the stock AddSession() on the memory cache
// or on RedisCache (ConnectionStrings:Redis). Each endpoint answers the bytes SessionBridge answers for the same
// request, with the same antiforgery work, so the benchmark compares the session mechanisms and not the markup.
var builder = WebApplication.CreateBuilder(args);

string? redis = builder.Configuration.GetConnectionString("Redis");
if (string.IsNullOrEmpty(redis))
{
    builder.Services.AddDistributedMemoryCache();
}
else
{
    builder.Services.AddStackExchangeRedisCache(options => options.Configuration = redis);
}

builder.Services.AddSession(options =>
{
    options.Cookie.Name = "stock-session";
    options.IdleTimeout = TimeSpan.FromMinutes(20);
});
builder.Services.AddAntiforgery(options => options.Cookie.Name = "stock-antiforgery");

// The stock antiforgery, as a user without SessionBridge has it: remembering validated pairs (RememberedAntiforgery) is
// part of the SessionBridge library now, so it is not compiled into the baseline (bench/notes.md says what it is worth).
builder.Services.AddSingleton(TimeProvider.System);

// Behind the same TLS-terminating proxy as SessionBridge (the benchmark says X-Forwarded-Proto: https), so the cookies
// are Secure on both sides and both do the same forwarded-headers work.
builder.Services.Configure<ForwardedHeadersOptions>(options => options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);

var app = builder.Build();

app.UseForwardedHeaders();
app.UseFragmentHeaders();
app.UseSession();
app.UseAntiforgery();

app.MapGet("/bare", () => Fragments.Greeting(null));

// Awaiting LoadAsync first, as the stock documentation asks, so the read never blocks a thread.
app.MapGet("/stock/greeting", async (HttpContext context) =>
{
    await context.Session.LoadAsync(context.RequestAborted);
    return Fragments.Greeting(context.Session.GetString("displayName") is { Length: > 0 } name ? Row.Decode(name) : null);
});

// The form SessionBridge's /session page serves, reduced to what a client needs: an antiforgery token.
app.MapGet("/stock/token", (HttpContext context, IAntiforgery antiforgery) =>
    TypedResults.Content(antiforgery.GetAndStoreTokens(context).RequestToken, "text/plain"));

// A form parameter makes UseAntiforgery validate the token (a bad one is a 400), as the Razor page does.
app.MapPost("/stock/displayName", async Task<Results<ContentHttpResult, BadRequest>> (HttpContext context, [FromServices] TimeProvider time, [FromForm] string value) =>
{
    if (value.Length is 0 or > 40)
    {
        return TypedResults.BadRequest();
    }

    await context.Session.LoadAsync(context.RequestAborted);
    var updatedAt = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
    context.Session.SetString("displayName", Row.Encode(updatedAt, value));
    await context.Session.CommitAsync(context.RequestAborted);
    context.Response.Headers["HX-Trigger"] = """{"session-changed":{"key":"displayName"}}""";
    return Fragments.UpdatedCell(updatedAt);
});

app.Run();
