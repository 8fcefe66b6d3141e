using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SessionBridge;
using SessionBridge.Store;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Store;

/// <summary>A store that stops answering is an outage after SessionOptions.IOTimeout, as with the stock session: 503, not a hung request.</summary>
public sealed class IoTimeoutTests
{
    [Fact]
    public async Task A_load_that_takes_longer_than_the_io_timeout_is_answered_503()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await BridgeHost.StartAsync(
            services: services => services.Configure<SessionOptions>(session => session.IOTimeout = TimeSpan.FromSeconds(2)),
            hookedStore: true);
        using var browser = host.NewBrowser();
        using (var save = await browser.Client.PostAsync("/save/note", new FormUrlEncodedContent(new Dictionary<string, string> { ["value"] = "x" })))
        {
            Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        }

        Assert.NotNull(browser.Cookie(AppTestExtensions.SessionCookie));
        host.HookedStore.BeforeLoad = _ =>
        {
            entered.TrySetResult();
            return new TaskCompletionSource().Task;
        };
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
}
