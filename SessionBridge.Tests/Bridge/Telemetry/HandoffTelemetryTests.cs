using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Store;
using SessionBridge.Tests.Infrastructure;
using static SessionBridge.Telemetry.SessionBridgeTelemetry;

namespace SessionBridge.Tests.Bridge.Telemetry;

/// <summary>What an operator sees of sign-ins: sessions created and rotated, handoffs issued, landed and refused, and the spans.</summary>
public sealed class HandoffTelemetryTests : IDisposable
{
    private readonly LoadBarrier _loads = new();
    private readonly SessionBridgeApp _app;
    private readonly AppMetrics _metrics;

    public HandoffTelemetryTests()
    {
        _app = new SessionBridgeApp().WithServices(services =>
            services.AddSingleton<ISessionRecordStore>(sp => new BarrierStore(ActivatorUtilities.CreateInstance<MemorySessionRecordStore>(sp), _loads)));
        _metrics = new AppMetrics(_app.Services);
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _app.Dispose();
    }

    [Fact]
    public async Task A_sign_in_counts_a_visitor_session_rotated_into_a_signed_in_one_and_a_handoff_issued_and_landed()
    {
        using var browser = _app.NewBrowser();

        var account = await SessionBridgeApp.SignInAsync(browser);

        Assert.Equal("alice@example.com", account.Text("#account-email"));
        Assert.Equal(Counts((SessionKinds.Visitor, 1), (SessionKinds.SignedIn, 1)), _metrics.By(Instruments.SessionsCreated, Attributes.Kind));
        Assert.Equal(Counts((EndReasons.Rotated, 1)), _metrics.By(Instruments.SessionsEnded, Attributes.Reason));
        Assert.Equal(Counts((HandoffOutcomes.Issued, 1), (HandoffOutcomes.Landed, 1)), _metrics.By(Instruments.Handoffs, Attributes.Outcome));
    }

    [Fact]
    public async Task A_sign_in_is_traced_under_the_requests_with_the_handoff_and_the_store_operations()
    {
        using var spans = new AppSpans();
        using var browser = spans.Trace(_app.NewBrowser());

        await SessionBridgeApp.SignInAsync(browser);

        var issue = Assert.Single(spans.Named(Spans.HandoffIssue));
        var land = Assert.Single(spans.Named(Spans.HandoffLand));
        var rotate = Assert.Single(spans.Named(Spans.StoreRotate));
        Assert.NotSame(spans.RequestOf(issue), spans.RequestOf(land));
        Assert.Equal(land.SpanId, rotate.ParentSpanId);
        Assert.Contains(spans.Named(Spans.StoreCreate), create => create.ParentSpanId == issue.SpanId);
        Assert.All([issue, land, rotate, .. spans.Named(Spans.StoreLoad)], span =>
        {
            Assert.Equal(ActivityKind.Internal, span.Kind);
            Assert.Equal(ActivityStatusCode.Unset, span.Status);
            Assert.NotNull(spans.RequestOf(span));
        });
        Assert.Equal(HandoffOutcomes.Landed, land.GetTagItem(Attributes.Outcome));
        Assert.Equal("memory", rotate.GetTagItem(Attributes.Store));

        // Nothing of the session, the user or the request travels in the bridge's spans or measurements.
        var bridgeSpans = spans.Stopped.Where(span => span.Source.Name == Name).ToList();
        Assert.All(bridgeSpans, span => Assert.StartsWith("sessionbridge.", span.DisplayName, StringComparison.Ordinal));
        Assert.Subset(
            new HashSet<string>(StringComparer.Ordinal) { Attributes.Operation, Attributes.Store, Attributes.Outcome },
            bridgeSpans.SelectMany(span => span.TagObjects.Select(tag => tag.Key)).ToHashSet(StringComparer.Ordinal));
        string[] secrets = [browser.Cookie(AppTestExtensions.SessionCookie)!, "alice", SessionBridgeApp.AlicePassword];
        Assert.DoesNotContain(
            bridgeSpans.SelectMany(span => span.TagObjects.Select(tag => tag.Value as string ?? "").Append(span.StatusDescription ?? "")).Concat(_metrics.Attributes()),
            text => secrets.Any(secret => text.Contains(secret, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task A_handoff_landed_twice_at_once_counts_one_landing_and_one_replay()
    {
        using var victim = _app.NewBrowser();
        using var copy = _app.NewBrowser();
        using var _ = await victim.PostLoginOnlyAsync();
        copy.CopyCookiesFrom(victim);

        // Both requests have loaded the pre-login session before either goes on: the race a copied cookie jar can run.
        _loads.Hold(2);

        var pages = await Task.WhenAll(victim.OpenAsync("/account"), copy.OpenAsync("/account"));

        Assert.Single(pages, page => page.Url.AbsolutePath == "/account");
        Assert.Single(pages, page => page.Url.AbsolutePath == "/login");
        Assert.Equal(
            Counts((HandoffOutcomes.Issued, 1), (HandoffOutcomes.Landed, 1), (HandoffOutcomes.Replayed, 1)),
            _metrics.By(Instruments.Handoffs, Attributes.Outcome));
        Assert.Equal(1, _metrics.Sum(Instruments.SessionsCreated, (Attributes.Kind, SessionKinds.SignedIn)));

        // The losing request created its new session beside the deletion it lost, and deleted it again: the winner's
        // next page lists its own session only.
        var winner = pages[0].Url.AbsolutePath == "/account" ? victim : copy;
        Assert.Single((await winner.OpenAsync("/account")).Document.QuerySelectorAll("#sessions tbody tr"));
    }

    [Fact]
    public async Task A_refused_handoff_is_counted_by_why_and_its_span_is_an_error()
    {
        using var spans = new AppSpans();
        using var expired = spans.Trace(_app.NewBrowser());
        using var victim = _app.NewBrowser();
        using var thief = spans.Trace(_app.NewBrowser());
        using var tamperer = _app.NewBrowser();

        using (await expired.PostLoginOnlyAsync())
        {
            _app.Time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
            Assert.Equal("/login", (await expired.OpenAsync("/account")).Url.AbsolutePath);
        }

        using (await victim.PostLoginOnlyAsync())
        {
            thief.SetCookie(AppTestExtensions.TempDataCookie, victim.Cookie(AppTestExtensions.TempDataCookie)!);
            Assert.Equal("/login", (await thief.OpenAsync("/account")).Url.AbsolutePath);
        }

        using (await tamperer.PostLoginOnlyAsync())
        {
            string handoff = tamperer.Cookie(AppTestExtensions.TempDataCookie)!;
            tamperer.SetCookie(AppTestExtensions.TempDataCookie, handoff[..^6] + (handoff[^6] == 'A' ? "BBBBBB" : "AAAAAA"));
            Assert.Equal("/login", (await tamperer.OpenAsync("/account")).Url.AbsolutePath);
        }

        Assert.Equal(
            Counts((HandoffOutcomes.Issued, 3), (HandoffOutcomes.Expired, 1), (HandoffOutcomes.Foreign, 1), (HandoffOutcomes.Tampered, 1)),
            _metrics.By(Instruments.Handoffs, Attributes.Outcome));
        Assert.Equal(0, _metrics.Sum(Instruments.SessionsCreated, (Attributes.Kind, SessionKinds.SignedIn)));
        Assert.Equal(
            [(HandoffOutcomes.Expired, ActivityStatusCode.Error), (HandoffOutcomes.Foreign, ActivityStatusCode.Error)],
            spans.Named(Spans.HandoffLand).Select(span => (span.GetTagItem(Attributes.Outcome) as string, span.Status)).Order().ToArray());
    }

    /// <summary>Once armed, holds the next loads, each after it has read the store, until all of them have.</summary>
    private sealed class LoadBarrier
    {
        private TaskCompletionSource? _all;
        private int _expected;
        private int _arrived;

        public void Hold(int loads)
        {
            _all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _arrived = 0;
            _expected = loads;
        }

        public async Task PassAsync(CancellationToken cancellationToken)
        {
            if (_all is not { } all)
            {
                return;
            }

            int n = Interlocked.Increment(ref _arrived);
            if (n == _expected)
            {
                all.TrySetResult();
            }

            if (n <= _expected)
            {
                await all.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }
        }
    }

    private sealed class BarrierStore(MemorySessionRecordStore inner, LoadBarrier barrier) : ISessionRecordStore
    {
        public string Kind => inner.Kind;

        public async Task<SessionRecord?> LoadAsync(string sessionId, CancellationToken cancellationToken = default)
        {
            var record = await inner.LoadAsync(sessionId, cancellationToken);
            await barrier.PassAsync(cancellationToken);
            return record;
        }

        public Task CreateAsync(string sessionId, SessionInfo info, IReadOnlyDictionary<string, byte[]> values, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) =>
            inner.CreateAsync(sessionId, info, values, expiresAt, cancellationToken);

        public Task<bool> CommitAsync(string sessionId, SessionChange change, CancellationToken cancellationToken = default) => inner.CommitAsync(sessionId, change, cancellationToken);

        public Task<bool> DeleteAsync(string sessionId, CancellationToken cancellationToken = default) => inner.DeleteAsync(sessionId, cancellationToken);

        public Task<(long Bytes, TimeSpan? TimeToLive)> DescribeAsync(string sessionId, CancellationToken cancellationToken = default) => inner.DescribeAsync(sessionId, cancellationToken);

        public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);
    }

    private static Dictionary<string, long> Counts(params (string Value, long Count)[] counts) =>
        counts.ToDictionary(c => c.Value, c => c.Count, StringComparer.Ordinal);
}
