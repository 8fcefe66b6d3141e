using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SessionBridge.Tests.Infrastructure;
using SessionBridge.Web.Bridge;
using SessionBridge.Web.Bridge.Store;

namespace SessionBridge.Tests.Bridge.Sessions;

/// <summary>A client that goes away while its session's expiry refresh is being written is not an application error.</summary>
public sealed class ClientGoneTests
{
    [Fact]
    public async Task A_request_aborted_during_the_session_refresh_logs_no_unhandled_exception()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var app = new SessionBridgeApp();
        app.WithServices(services => services.Replace(ServiceDescriptor.Singleton<ISessionRecordStore>(sp =>
            new CommitWaitsForAbort(new MemorySessionRecordStore(app.Time, sp.GetRequiredService<IOptions<SessionBridgeOptions>>()), entered))));
        using var browser = app.NewBrowser();
        (await browser.PostSessionValueAsync((await browser.OpenAsync("/session")).AntiforgeryToken(), "theme", "dark")).Dispose();
        app.Time.Advance(TimeSpan.FromMinutes(2));

        using var abort = new CancellationTokenSource();
        var request = browser.Client.GetAsync(new Uri("/", UriKind.Relative), abort.Token);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        // The abandoned request finishes on the server after the client gave up: wait for the middleware to say so.
        await WaitForAsync(() => app.Logs.Matching("expiry refresh not written").Count > 0);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Level >= LogLevel.Error);
        Assert.All(app.Logs.Matching("expiry refresh not written"), l => Assert.Null(l.Exception));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (int i = 0; !condition(); i++)
        {
            Assert.True(i < 300, "the server never finished the aborted request");
            await Task.Delay(100);
        }
    }

    /// <summary>The memory store, except that a commit waits until its request is aborted, as a slow store would.</summary>
    private sealed class CommitWaitsForAbort(MemorySessionRecordStore inner, TaskCompletionSource entered) : ISessionRecordStore
    {
        public string Kind => inner.Kind;

        public Task<SessionRecord?> LoadAsync(string sessionId, CancellationToken cancellationToken = default) => inner.LoadAsync(sessionId, cancellationToken);

        public Task CreateAsync(string sessionId, SessionInfo info, IReadOnlyDictionary<string, byte[]> values, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
            inner.CreateAsync(sessionId, info, values, expiresAt, cancellationToken);

        public async Task<bool> CommitAsync(string sessionId, SessionChange change, CancellationToken cancellationToken = default)
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return await inner.CommitAsync(sessionId, change, cancellationToken);
        }

        public Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default) => inner.DeleteAsync(sessionId, cancellationToken);

        public Task<(long Bytes, TimeSpan? TimeToLive)> DescribeAsync(string sessionId, CancellationToken cancellationToken = default) => inner.DescribeAsync(sessionId, cancellationToken);

        public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);
    }
}
