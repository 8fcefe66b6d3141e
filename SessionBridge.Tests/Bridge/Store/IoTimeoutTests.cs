using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SessionBridge.Tests.Infrastructure;
using SessionBridge.Web.Bridge;
using SessionBridge.Web.Bridge.Store;

namespace SessionBridge.Tests.Bridge.Store;

/// <summary>A store that stops answering is an outage after SessionOptions.IOTimeout, as with the stock session: 503, not a hung request.</summary>
public sealed class IoTimeoutTests
{
    [Fact]
    public async Task A_load_that_takes_longer_than_the_io_timeout_is_answered_503()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await BridgeHost.StartAsync(services: services =>
        {
            services.Configure<SessionOptions>(session => session.IOTimeout = TimeSpan.FromSeconds(2));
            services.Replace(ServiceDescriptor.Singleton<ISessionRecordStore>(sp =>
                new LoadNeverAnswers(new MemorySessionRecordStore(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<IOptions<SessionBridgeOptions>>()), entered)));
        });
        using var browser = host.NewBrowser();
        using (var save = await browser.Client.PostAsync("/save/note", new FormUrlEncodedContent(new Dictionary<string, string> { ["value"] = "x" })))
        {
            Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        }

        Assert.NotNull(browser.Cookie(AppTestExtensions.SessionCookie));
        var page = browser.Client.GetAsync("/page");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // The request's timeout timer starts just after the store was entered: move the clock until it has fired.
        for (int i = 0; !page.IsCompleted; i++)
        {
            Assert.True(i < 300, "the request never timed out");
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        using var response = await page;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Single(host.Logs.Matching("did not answer within 00:00:02"));
    }

    /// <summary>The memory store, except that a load never finishes (a store that hangs).</summary>
    private sealed class LoadNeverAnswers(MemorySessionRecordStore inner, TaskCompletionSource entered) : ISessionRecordStore
    {
        public string Kind => inner.Kind;

        public Task<SessionRecord?> LoadAsync(string sessionId, CancellationToken cancellationToken = default)
        {
            entered.TrySetResult();
            return new TaskCompletionSource<SessionRecord?>().Task;
        }

        public Task CreateAsync(string sessionId, SessionInfo info, IReadOnlyDictionary<string, byte[]> values, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
            inner.CreateAsync(sessionId, info, values, expiresAt, cancellationToken);

        public Task<bool> CommitAsync(string sessionId, SessionChange change, CancellationToken cancellationToken = default) => inner.CommitAsync(sessionId, change, cancellationToken);

        public Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default) => inner.DeleteAsync(sessionId, cancellationToken);

        public Task<(long Bytes, TimeSpan? TimeToLive)> DescribeAsync(string sessionId, CancellationToken cancellationToken = default) => inner.DescribeAsync(sessionId, cancellationToken);

        public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);
    }
}
