using System.Net;
using SessionBridge.Store;
using SessionBridge.Tests.Infrastructure;
using static SessionBridge.Telemetry.SessionBridgeTelemetry;

namespace SessionBridge.Tests.Bridge.Telemetry;

/// <summary>What an operator sees of saves, sign-outs, revocations and live streams, each caused the way a user causes it.</summary>
public sealed class SessionTelemetryTests : IDisposable
{
    private readonly SessionBridgeApp _app = new SessionBridgeApp().WithServices(HookedRecordStore.AddTo);

    private readonly AppMetrics _metrics;

    public SessionTelemetryTests() => _metrics = new AppMetrics(_app.Services);

    public void Dispose()
    {
        _metrics.Dispose();
        _app.Dispose();
    }

    [Fact]
    public async Task Saves_are_counted_by_outcome_and_a_change_of_a_stored_session_is_counted_as_published()
    {
        using var browser = _app.NewBrowser();
        string token = (await browser.OpenAsync("/session")).AntiforgeryToken();

        using (var first = await browser.PostSessionValueAsync(token, "theme", "dark"))
        using (var second = await browser.PostSessionValueAsync(token, "displayName", "Zed"))
        using (var unknown = await browser.PostSessionValueAsync(token, "shoeSize", "44"))
        using (var invalid = await browser.PostSessionValueAsync(token, "theme", "purple"))
        {
            Assert.Equal(
                [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.UnprocessableEntity],
                [first.StatusCode, second.StatusCode, unknown.StatusCode, invalid.StatusCode]);
        }

        HookedRecordStore.Of(_app.Services).BeforeCommit =
            _ => Task.FromException(new SessionStoreUnavailableException("store down (test)"));
        using (var notSaved = await browser.PostSessionValueAsync(token, "displayName", "Zoe"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notSaved.StatusCode);
        }

        Assert.Equal(
            Counts((SaveOutcomes.Saved, 2), (SaveOutcomes.UnknownKey, 1), (SaveOutcomes.Invalid, 1), (SaveOutcomes.NotSaved, 1)),
            _metrics.By(Instruments.Saves, Attributes.Outcome));

        // The first save created the session (nobody to tell yet); the second changed it.
        Assert.Equal(Counts((EventKinds.Changed, 1)), _metrics.By(Instruments.EventsPublished, Attributes.Kind));
        Assert.Equal(Counts((SessionKinds.Visitor, 1)), _metrics.By(Instruments.SessionsCreated, Attributes.Kind));
        var operations = _metrics.StoreOperations();
        Assert.Contains("create memory ok", operations);
        Assert.Contains("commit memory ok", operations);
        Assert.Contains("load memory ok", operations);
        Assert.Equal("commit memory unavailable", operations[^1]);
    }

    [Fact]
    public async Task A_revocation_counts_the_session_ended_and_a_sign_out_published_and_its_next_request_is_a_gate_refusal()
    {
        using var phone = _app.NewBrowser();
        using var laptop = _app.NewBrowser();
        await SessionBridgeApp.SignInAsync(phone);
        var account = await SessionBridgeApp.SignInAsync(laptop);

        await account.SubmitAsync("#sessions tbody tr:not(.current) form");
        var refused = await phone.OpenAsync("/session");

        Assert.Equal("/login", refused.Url.AbsolutePath);
        Assert.Equal(Counts((EndReasons.Rotated, 2), (EndReasons.Revoked, 1)), _metrics.By(Instruments.SessionsEnded, Attributes.Reason));
        Assert.Equal(Counts((EventKinds.SignedOut, 1)), _metrics.By(Instruments.EventsPublished, Attributes.Kind));
        Assert.Equal(Counts((GateReasons.SessionEnded, 1)), _metrics.By(Instruments.GateRefusals, Attributes.Reason));
        Assert.Contains("delete memory ok", _metrics.StoreOperations());
    }

    [Fact]
    public async Task Signing_out_counts_the_session_ended_as_signed_out_and_a_page_that_needs_sign_in_counts_a_refusal()
    {
        using var browser = _app.NewBrowser();
        var account = await SessionBridgeApp.SignInAsync(browser);

        var login = await account.SubmitAsync("form[action='/logout']");
        var refused = await browser.OpenAsync("/account");

        Assert.Equal("/login", login.Url.AbsolutePath);
        Assert.Equal("/login", refused.Url.AbsolutePath);
        Assert.Equal(1, _metrics.Sum(Instruments.SessionsEnded, (Attributes.Reason, EndReasons.SignedOut)));
        Assert.Equal(Counts((EventKinds.SignedOut, 1)), _metrics.By(Instruments.EventsPublished, Attributes.Kind));
        Assert.Equal(Counts((GateReasons.SignInRequired, 1)), _metrics.By(Instruments.GateRefusals, Attributes.Reason));
    }

    [Fact]
    public async Task An_open_event_stream_counts_one_live_stream_until_it_closes_and_its_heartbeat_checks_are_measured()
    {
        using var browser = _app.NewBrowser();
        await SessionBridgeApp.SignInAsync(browser);
        Assert.Equal(0, _metrics.Sum(Instruments.LiveStreams));

        var tab = await EventStreamClient.OpenAsync(browser);
        Assert.Equal(": connected", await tab.NextAsync());
        var other = await EventStreamClient.OpenAsync(browser);
        Assert.Equal(": connected", await other.NextAsync());
        Assert.Equal(2, _metrics.Sum(Instruments.LiveStreams));

        // Each heartbeat checks the session in the store, and the check is measured like a request's load.
        int loads = _metrics.Durations((Attributes.Operation, StoreOperations.Load)).Count;
        var beat = tab.NextAsync();
        _app.Time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(": heartbeat", await beat);
        Assert.InRange(_metrics.Durations((Attributes.Operation, StoreOperations.Load), (Attributes.Outcome, StoreOutcomes.Ok)).Count, loads + 1, loads + 2);

        await tab.DisposeAsync();
        await AppMetrics.EventuallyAsync(() => _metrics.Sum(Instruments.LiveStreams) == 1, "one stream open after the first tab closed");
        await other.DisposeAsync();
        await AppMetrics.EventuallyAsync(() => _metrics.Sum(Instruments.LiveStreams) == 0, "no stream open after both tabs closed");
    }

    private static Dictionary<string, long> Counts(params (string Value, long Count)[] counts) =>
        counts.ToDictionary(c => c.Value, c => c.Count, StringComparer.Ordinal);
}
