using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionBridge.Tests.Infrastructure;
using SessionBridge.Web.Bridge;
using SessionBridge.Web.Bridge.Events;
using SessionBridge.Web.Bridge.Store;

namespace SessionBridge.Tests.Bridge.Sessions;

/// <summary>A client that goes away while its session's expiry refresh is being written is not an application error.</summary>
public sealed class ClientGoneTests
{
    [Fact]
    public async Task A_request_aborted_during_the_session_refresh_logs_no_unhandled_exception()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await BridgeHost.StartAsync(hookedStore: true);
        using var browser = host.NewBrowser();
        (await browser.Client.PostAsync("/save/note", new FormUrlEncodedContent(new Dictionary<string, string> { ["value"] = "x" }))).Dispose();
        host.Time.Advance(TimeSpan.FromMinutes(2));

        // The refresh that the next request commits waits until the client has gone, as a slow store would.
        host.HookedStore.BeforeCommit = async cancellationToken =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        };

        using var abort = new CancellationTokenSource();
        var request = browser.Client.GetAsync(new Uri("/page", UriKind.Relative), abort.Token);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        // The abandoned request finishes on the server after the client gave up: wait for the middleware to say so.
        await WaitForAsync(() => host.Logs.Matching("expiry refresh not written").Count > 0);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Level >= LogLevel.Error);
        Assert.All(host.Logs.Matching("expiry refresh not written"), l => Assert.Null(l.Exception));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (int i = 0; !condition(); i++)
        {
            Assert.True(i < 300, "the server never finished the aborted request");
            await Task.Delay(100);
        }
    }
}
