using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Sessions;

/// <summary>
/// An app that uses <see cref="ISession"/> as it would the stock session and writes to it after the response started
/// (a handler that streams, a filter after the body) keeps the write when the session exists, and is told loudly, with
/// the stock session's exception, when the session would be new: its cookie can no longer be sent.
/// </summary>
public sealed class LateWritesTests : IAsyncLifetime
{
    private const string StockMessage = "The session cannot be established after the response has started.";

    private BridgeHost _host = null!;

    public async Task InitializeAsync() => _host = await BridgeHost.StartAsync(endpoints: MapEndpoints);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_value_set_after_the_response_started_is_kept_for_an_existing_session()
    {
        using var browser = _host.NewBrowser();
        (await browser.Client.PostAsync("/save/note", new FormUrlEncodedContent(new Dictionary<string, string> { ["value"] = "first" }))).Dispose();

        Assert.Equal("started|set", await browser.Client.GetStringAsync("/stream-then-set/late"));

        // The client read the answer to its end: the write is there for the very next request.
        Assert.Equal("late", await browser.Client.GetStringAsync("/raw/extra"));
        Assert.Equal("visitor|first", await browser.Client.GetStringAsync("/page"));
    }

    [Fact]
    public async Task A_value_set_after_the_response_started_throws_the_stock_exception_for_a_new_session()
    {
        using var browser = _host.NewBrowser();

        using var response = await browser.Client.GetAsync("/stream-then-set/late");

        Assert.Equal("started|" + StockMessage, await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal(string.Empty, await browser.Client.GetStringAsync("/raw/extra"));
    }

    [Fact]
    public async Task A_value_set_before_the_response_started_still_establishes_a_new_session()
    {
        using var browser = _host.NewBrowser();

        Assert.Equal("set|started", await browser.Client.GetStringAsync("/set-then-stream/early"));

        Assert.NotNull(browser.Cookie(AppTestExtensions.SessionCookie));
        Assert.Equal("early", await browser.Client.GetStringAsync("/raw/extra"));
    }

    private static void MapEndpoints(IEndpointRouteBuilder app)
    {
        app.MapGet("/raw/{key}", (HttpContext context, string key) => context.Session.GetString(key) ?? string.Empty);
        app.MapGet("/stream-then-set/{value}", async (HttpContext context, string value) =>
        {
            await context.Response.WriteAsync("started|");
            await context.Response.Body.FlushAsync();
            string outcome;
            try
            {
                context.Session.SetString("extra", value);
                outcome = "set";
            }
            catch (InvalidOperationException ex)
            {
                outcome = ex.Message;
            }

            await context.Response.WriteAsync(outcome);
        });
        app.MapGet("/set-then-stream/{value}", async (HttpContext context, string value) =>
        {
            context.Session.SetString("extra", value);
            await context.Response.WriteAsync("set|");
            await context.Response.Body.FlushAsync();
            await context.Response.WriteAsync("started");
        });
    }
}
