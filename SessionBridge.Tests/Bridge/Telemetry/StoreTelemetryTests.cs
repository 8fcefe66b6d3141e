using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge;
using SessionBridge.Store;
using SessionBridge.Tests.Infrastructure;
using static SessionBridge.Telemetry.SessionBridgeTelemetry;

namespace SessionBridge.Tests.Bridge.Telemetry;

/// <summary>The store's durations and failures, and the ends of sessions only the embedded store sees (expiry, eviction), on the bridge alone.</summary>
public sealed class StoreTelemetryTests
{
    [Fact]
    public async Task A_store_that_fails_or_stops_answering_is_measured_as_unavailable_or_timeout_and_its_span_is_an_error()
    {
        await using var host = await BridgeHost.StartAsync(
            services: services => services.Configure<SessionOptions>(session => session.IOTimeout = TimeSpan.FromSeconds(2)),
            hookedStore: true);
        using var metrics = new AppMetrics(host.Services);
        using var spans = new AppSpans();
        using var browser = spans.Trace(host.NewBrowser());
        using (var save = await browser.Client.PostAsync("/save/note", new FormUrlEncodedContent(new Dictionary<string, string> { ["value"] = "x" })))
        {
            Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        }

        host.HookedStore.BeforeLoad = _ => Task.FromException(new SessionStoreUnavailableException("store down (test)"));
        using (var down = await browser.Client.GetAsync("/page"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        }

        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.HookedStore.BeforeLoad = _ =>
        {
            entered.TrySetResult();
            return new TaskCompletionSource().Task;
        };
        var hanging = browser.Client.GetAsync("/page");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        for (int i = 0; !hanging.IsCompleted; i++)
        {
            Assert.True(i < 300, "the request never timed out");
            host.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        using (var timedOut = await hanging)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, timedOut.StatusCode);
        }

        Assert.Equal(["create memory ok", "load memory unavailable", "load memory timeout"], metrics.StoreOperations());
        Assert.All(metrics.Durations(), seconds => Assert.InRange(seconds, 0, 60));
        Assert.Equal(
            [(StoreOutcomes.Unavailable, ActivityStatusCode.Error), (StoreOutcomes.Timeout, ActivityStatusCode.Error)],
            spans.Named(Spans.StoreLoad).Select(span => (span.GetTagItem(Attributes.Outcome) as string, span.Status)).ToArray());

        // The span names what failed by its type only: a message may name a key.
        Assert.Equal([nameof(SessionStoreUnavailableException), nameof(TimeoutException)], spans.Named(Spans.StoreLoad).Select(span => span.StatusDescription));
    }

    [Fact]
    public async Task Sessions_that_expire_or_are_evicted_in_the_embedded_store_are_counted_so()
    {
        await using var host = await BridgeHost.StartAsync(services: services => services.Configure<SessionBridgeOptions>(options =>
        {
            options.MemoryStoreCapacity = 100;
            options.NewSessionsPerClient.PermitLimit = 100_000;
        }));
        using var metrics = new AppMetrics(host.Services);
        using var browser = host.NewBrowser();
        using (await browser.Client.PostAsync("/save/note", new FormUrlEncodedContent(new Dictionary<string, string> { ["value"] = "x" })))
        {
        }

        host.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal("visitor|", await browser.Client.GetStringAsync("/page"));
        Assert.Equal(Counts((EndReasons.Expired, 1)), metrics.By(Instruments.SessionsEnded, Attributes.Reason));

        for (int i = 0; i < 101; i++)
        {
            using var flood = host.NewBrowser();
            using var save = await flood.Client.PostAsync("/save/note", new FormUrlEncodedContent(new Dictionary<string, string> { ["value"] = "x" }));
            Assert.Equal(HttpStatusCode.OK, save.StatusCode);
        }

        // Past its capacity of 100 the store goes back to 90% in one pass.
        Assert.Equal(102, metrics.Sum(Instruments.SessionsCreated, (Attributes.Kind, SessionKinds.Visitor)));
        Assert.Equal(11, metrics.Sum(Instruments.SessionsEnded, (Attributes.Reason, EndReasons.Evicted)));
    }

    [Fact]
    public async Task A_session_whose_user_was_disabled_is_ended_as_user_disabled_and_refused_for_that_reason()
    {
        await using var host = await BridgeHost.StartAsync();
        using var metrics = new AppMetrics(host.Services);
        host.Users.Add("ann");
        using var browser = host.NewBrowser();
        using (var signIn = await browser.Client.PostAsync("/signin/ann", null))
        {
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        }

        host.Users.Disable("ann");
        using var page = await browser.Client.GetAsync("/page");

        Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
        Assert.Equal(1, metrics.Sum(Instruments.SessionsEnded, (Attributes.Reason, EndReasons.UserDisabled)));
        Assert.Equal(Counts((GateReasons.UserDisabled, 1)), metrics.By(Instruments.GateRefusals, Attributes.Reason));
    }

    private static Dictionary<string, long> Counts(params (string Value, long Count)[] counts) =>
        counts.ToDictionary(c => c.Value, c => c.Count, StringComparer.Ordinal);
}
