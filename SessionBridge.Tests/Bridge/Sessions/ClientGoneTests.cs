using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Sessions;

/// <summary>
/// A client that goes away (a closed tab, a lost mobile network) loses nothing the handler wrote, as with the stock
/// session: the end-of-request commit is not cancelled by the request's abort, only bounded by the session's IOTimeout,
/// and it is not an application error.
/// </summary>
public sealed class ClientGoneTests
{
    [Fact]
    public async Task A_value_set_by_a_handler_whose_client_left_before_any_answer_is_kept()
    {
        var handlerSet = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await BridgeHost.StartAsync(kestrel: true, hookedStore: true, endpoints: app =>
        {
            MapRaw(app);
            app.MapGet("/set-then-wait/{value}", async (HttpContext context, string value) =>
            {
                context.Session.SetString("extra", value);
                handlerSet.TrySetResult();
                try
                {
                    // A slow handler: its client gives up before the answer starts.
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }
            });
        });
        using var browser = await WithSessionAsync(host);

        // As the Redis store does: a commit given a token that is already cancelled sends nothing.
        host.HookedStore.BeforeCommit = cancellationToken =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        };

        await LeaveDuringAsync(browser, "/set-then-wait/kept", handlerSet.Task);

        await WaitForAsync(async () => await browser.Client.GetStringAsync("/raw/extra") == "kept");
        Assert.DoesNotContain(host.Logs.Lines, l => l.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_commit_under_way_when_the_client_leaves_is_finished_not_cancelled()
    {
        var leaving = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await BridgeHost.StartAsync(kestrel: true, hookedStore: true, endpoints: app =>
        {
            MapRaw(app);
            app.MapGet("/set/{value}", (HttpContext context, string value) =>
            {
                context.Session.SetString("extra", value);
                leaving.TrySetResult(context.RequestAborted);
            });
        });
        using var browser = await WithSessionAsync(host);

        // A store that honours the cancellation it is given, and is slow enough for the client to leave meanwhile.
        host.HookedStore.BeforeCommit = async cancellationToken =>
        {
            var aborted = await leaving.Task;
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, aborted).ContinueWith(_ => { }, TaskScheduler.Default);
            cancellationToken.ThrowIfCancellationRequested();
        };

        await LeaveDuringAsync(browser, "/set/kept", entered.Task);
        host.HookedStore.BeforeCommit = null;

        await WaitForAsync(async () => await browser.Client.GetStringAsync("/raw/extra") == "kept");
        Assert.DoesNotContain(host.Logs.Lines, l => l.Level >= LogLevel.Error);
        Assert.Empty(host.Logs.Matching("not written"));
    }

    [Fact]
    public async Task A_commit_whose_client_left_waits_for_the_store_no_longer_than_the_io_timeout()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await BridgeHost.StartAsync(
            services: services => services.Configure<SessionOptions>(session => session.IOTimeout = TimeSpan.FromSeconds(2)),
            hookedStore: true);
        using var browser = host.NewBrowser();
        (await browser.Client.PostAsync("/save/note", new FormUrlEncodedContent(new Dictionary<string, string> { ["value"] = "x" }))).Dispose();
        host.Time.Advance(TimeSpan.FromMinutes(2));

        // The refresh that the next request commits meets a store that stops answering.
        host.HookedStore.BeforeCommit = _ =>
        {
            entered.TrySetResult();
            return new TaskCompletionSource().Task;
        };

        using var abort = new CancellationTokenSource();
        var request = browser.Client.GetAsync(new Uri("/page", UriKind.Relative), abort.Token);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await abort.CancelAsync();

        // The client's leaving does not end the commit (the in-memory server answers the client only when the
        // request is done): only the IOTimeout on the session's clock does.
        await Task.Delay(200);
        Assert.Empty(host.Logs.Matching("not written"));
        await WaitForAsync(() =>
        {
            host.Time.Advance(TimeSpan.FromSeconds(1));
            return Task.FromResult(host.Logs.Matching("expiry refresh not written (SessionStoreUnavailableException)").Count > 0);
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Level >= LogLevel.Error);
        Assert.All(host.Logs.Matching("not written"), l => Assert.Null(l.Exception));
    }

    private static void MapRaw(IEndpointRouteBuilder app) =>
        app.MapGet("/raw/{key}", (HttpContext context, string key) => context.Session.GetString(key) ?? string.Empty);

    private static async Task<HtmxBrowser> WithSessionAsync(BridgeHost host)
    {
        var browser = host.NewBrowser();
        (await browser.Client.PostAsync("/save/note", new FormUrlEncodedContent(new Dictionary<string, string> { ["value"] = "x" }))).Dispose();
        Assert.NotEmpty(browser.Cookies.GetAllCookies());
        return browser;
    }

    /// <summary>Sends the request and closes its connection once <paramref name="when"/> has happened on the server.</summary>
    private static async Task LeaveDuringAsync(HtmxBrowser browser, string url, Task when)
    {
        using var abort = new CancellationTokenSource();
        var request = browser.Client.GetAsync(new Uri(url, UriKind.Relative), abort.Token);
        await when.WaitAsync(TimeSpan.FromSeconds(30));
        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (int i = 0; !await condition(); i++)
        {
            Assert.True(i < 100, "the server never got there");
            await Task.Delay(100);
        }
    }
}
