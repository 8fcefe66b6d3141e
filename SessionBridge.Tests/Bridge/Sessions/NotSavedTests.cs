using System.Net;
using Microsoft.Extensions.Logging;
using SessionBridge.Store;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Bridge.Sessions;

/// <summary>
/// A save whose commit failed was reported to the user as not saved; the end-of-request commit does not try the same
/// write again, where a store that answers by then would store it after all, behind the user's back.
/// </summary>
public sealed class NotSavedTests
{
    [Fact]
    public async Task A_save_reported_as_not_saved_is_not_written_later_by_the_end_of_request_commit()
    {
        await using var host = await BridgeHost.StartAsync(hookedStore: true);
        using var browser = host.NewBrowser();
        (await SaveAsync(browser, "before")).Dispose();

        // One commit fails, as a store that times out once does; the next one would go through.
        int failures = 1;
        host.HookedStore.BeforeCommit = _ => Interlocked.Decrement(ref failures) >= 0
            ? Task.FromException(new SessionStoreUnavailableException("slow for the test"))
            : Task.CompletedTask;

        using (var save = await SaveAsync(browser, "after"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, save.StatusCode);
            Assert.Equal("NotSaved", await save.Content.ReadAsStringAsync());
        }

        Assert.Equal("visitor|before", await browser.Client.GetStringAsync("/page"));
        Assert.Single(host.Logs.Lines, l => l.Level >= LogLevel.Error);
    }

    private static Task<HttpResponseMessage> SaveAsync(HtmxBrowser browser, string value) =>
        browser.Client.PostAsync("/save/note", new FormUrlEncodedContent(new Dictionary<string, string> { ["value"] = value }));
}
