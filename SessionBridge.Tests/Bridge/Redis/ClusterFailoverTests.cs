using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using SessionBridge.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// A primary of the cluster fails while two app nodes serve reads and saves. The worst case for asynchronous
/// replication is staged on purpose: the primary's replica is cut off (its link killed, the replica paused) so it
/// misses the last writes, then the primary is killed and the replica, resumed, is promoted without them; the killed
/// node is restarted (as an orchestrator would) and rejoins as the new primary's replica. Every request in between is
/// answered 200 or 503, never 500; the app recovers without a restart within 10 s of the promotion; and every save
/// answered 200 is readable afterwards (with SessionBridge:Redis:WaitForReplicas) or counted as lost (without).
/// Each test forms a cluster of its own.
/// </summary>
public sealed class ClusterFailoverTests(ITestOutputHelper output)
{
    private const int SessionCount = 48;
    private const int Workers = 8;
    private static readonly TimeSpan s_recoveryBound = TimeSpan.FromSeconds(10);

    [SkippableFact]
    public async Task With_WaitForReplicas_no_save_answered_200_is_lost_across_a_primary_failover()
    {
        var outcome = await FailOverAsync(waitForReplicas: true);

        Assert.True(outcome.CutOffSaves > 0, "no save reached the cut-off primary: the test proved nothing");
        Assert.Equal(0, outcome.Lost);
    }

    [SkippableFact]
    public async Task Without_WaitForReplicas_saves_the_failed_primary_answered_200_but_never_replicated_are_lost_and_counted()
    {
        var outcome = await FailOverAsync(waitForReplicas: false);

        // Not a goal but the measured cost of asynchronous replication, and proof that the loss check can see a loss.
        Assert.True(outcome.Lost > 0, "no acknowledged save was lost although the replica missed the last writes");
    }

    private async Task<Outcome> FailOverAsync(bool waitForReplicas)
    {
        await using var cluster = new RedisCluster();
        await cluster.InitializeAsync();
        cluster.EnsureAvailable();
        output.WriteLine($"cluster formed in {cluster.FormedIn.TotalSeconds:F1} s; WaitForReplicas {(waitForReplicas ? "1" : "off")}");

        await using var a = Node(cluster, waitForReplicas);
        await using var b = Node(cluster, waitForReplicas);
        var sessions = await CreateSessionsAsync(a, b);

        var victim = await cluster.PrimaryOfAsync(RedisNodes.RedisKeyOf(sessions[0].Cookie));
        var replica = await cluster.ReplicaOfAsync(victim);
        var onVictim = new HashSet<TestSession>();
        foreach (var session in sessions)
        {
            if ((await cluster.PrimaryOfAsync(RedisNodes.RedisKeyOf(session.Cookie))).Port == victim.Port)
            {
                onVictim.Add(session);
            }
        }

        var probe = sessions[0];
        output.WriteLine($"one save of a session, median of 200 in a row on an idle cluster: {await MedianSaveAsync(probe):F2} ms");
        var load = new Load(sessions.Where(s => s != probe).ToList());
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, Workers).Select(w => load.RunAsync(w, stop.Token)).ToArray();
        await Load.WaitForAsync(() => load.Saves(HttpStatusCode.OK) >= 100);

        // Cut the replica off: paused, and its link closed by the primary, so the primary's next writes exist nowhere else.
        replica.Pause();
        await cluster.CliAsync(["-p", victim.PortText, "CLIENT", "KILL", "TYPE", "replica"]);
        long cutOffFrom = load.Sequence;
        await Load.WaitForAsync(() => Load.FinishedSavesSince(cutOffFrom, onVictim) >= 5);
        int cutOffSaves = Load.FinishedSavesSince(cutOffFrom, onVictim);

        // From here until the loss is counted the workers only read: a later save answered 200 would hide a lost one.
        // Saves during the outage are the probe's, below.
        load.ReadOnly = true;
        var clock = Stopwatch.StartNew();
        victim.Kill();
        replica.Resume();
        while (await cluster.RoleAsync(replica) != "master")
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the replica was not promoted within 30 s");
            await Task.Delay(50);
        }

        var promotedAfter = clock.Elapsed;
        var recovery = Stopwatch.StartNew();
        await cluster.RestartAsync(victim);

        // Recovered when a save of a session on the failed shard is answered 200 by both nodes.
        foreach (var browser in new[] { probe.OnA, probe.OnB })
        {
            while (true)
            {
                using var saved = await browser.PostSessionValueAsync(probe.Token, "displayName", "probe");
                load.Record(saved.StatusCode);
                if (saved.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }

                Assert.True(recovery.Elapsed < TimeSpan.FromSeconds(60), "no recovery within 60 s of the promotion");
                await Task.Delay(50);
            }
        }

        var recoveredAfter = recovery.Elapsed;
        int lost = await load.CountLostAsync();

        // And the load saves again, through both nodes, on every shard.
        long recoveredAt = load.Sequence;
        load.ReadOnly = false;
        await Load.WaitForAsync(() => Load.FinishedSavesSince(recoveredAt, onVictim) >= 20);
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        output.WriteLine($"replica promoted {promotedAfter.TotalSeconds:F1} s after the primary was killed; both app nodes saved on that shard again "
            + $"{recoveredAfter.TotalSeconds:F1} s after the promotion (killed node restarted meanwhile)");
        output.WriteLine($"answers: {load.Describe()}; saves to the cut-off primary: {cutOffSaves}; sessions on it: {onVictim.Count} of {sessions.Count}");
        output.WriteLine($"saves answered 200 and lost: {lost}");

        Assert.All(load.Statuses.Keys, status => Assert.True(status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"answered {(int)status}"));
        Assert.True(recoveredAfter < s_recoveryBound, $"recovered {recoveredAfter.TotalSeconds:F1} s after the promotion; the bound is {s_recoveryBound.TotalSeconds} s");
        foreach (var session in sessions)
        {
            session.Dispose();
        }

        return new Outcome(cutOffSaves, lost);
    }

    private static async Task<double> MedianSaveAsync(TestSession session)
    {
        var times = new List<double>();
        for (int i = 0; i < 200; i++)
        {
            long started = Stopwatch.GetTimestamp();
            using var saved = await session.OnA.PostSessionValueAsync(session.Token, "displayName", "timed");
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    private static SessionBridgeApp Node(RedisCluster cluster, bool waitForReplicas)
    {
        var node = RedisNodes.Node(cluster.ConnectionString);
        if (waitForReplicas)
        {
            node.WithSetting("SessionBridge:Redis:WaitForReplicas", "1");
        }

        _ = node.Services;
        return node;
    }

    private static async Task<List<TestSession>> CreateSessionsAsync(SessionBridgeApp a, SessionBridgeApp b)
    {
        using var template = RedisNodes.Browser(a, new CookieContainer());
        string token = (await template.OpenAsync("/session")).AntiforgeryToken();
        var sessions = new List<TestSession>();
        for (int i = 0; i < SessionCount; i++)
        {
            var jar = new CookieContainer();
            var session = new TestSession(RedisNodes.Browser(a, jar), RedisNodes.Browser(b, jar), token);
            session.OnA.CopyCookiesFrom(template);
            // Set-up, not what is measured: a cluster that has just formed may not acknowledge the first WAIT within
            // its 250 ms (seen once on a busy machine: "0 of 1 replica(s) confirmed"), which the app rightly answers
            // 503. A session is created with a few tries; the failover below is judged as strictly as ever.
            var status = HttpStatusCode.ServiceUnavailable;
            for (int attempt = 0; attempt < 5 && status == HttpStatusCode.ServiceUnavailable; attempt++)
            {
                using var created = await session.OnA.PostSessionValueAsync(token, "displayName", "created");
                status = created.StatusCode;
            }

            Assert.Equal(HttpStatusCode.OK, status);
            session.Saved("created", HttpStatusCode.OK, 0);
            sessions.Add(session);
        }

        return sessions;
    }

    private sealed record Outcome(int CutOffSaves, int Lost);

    /// <summary>A visitor session reachable on both nodes, and the history of its saves (made one at a time).</summary>
    private sealed class TestSession(HtmxBrowser onA, HtmxBrowser onB, string token) : IDisposable
    {
        private readonly List<(string Value, HttpStatusCode Status, long Sequence)> _saves = [];

        public HtmxBrowser OnA { get; } = onA;

        public HtmxBrowser OnB { get; } = onB;

        public string Token { get; } = token;

        public string Cookie => OnA.Cookie(AppTestExtensions.SessionCookie)!;

        public IReadOnlyList<(string Value, HttpStatusCode Status, long Sequence)> Saves => _saves;

        public void Saved(string value, HttpStatusCode status, long sequence) => _saves.Add((value, status, sequence));

        public void Dispose()
        {
            OnA.Dispose();
            OnB.Dispose();
        }
    }

    /// <summary>Workers that read and save their own sessions through both nodes, and what they were answered.</summary>
    private sealed class Load(List<TestSession> sessions)
    {
        private readonly ConcurrentDictionary<HttpStatusCode, int> _statuses = new();
        private readonly ConcurrentDictionary<HttpStatusCode, int> _saveStatuses = new();
        private long _sequence;
        private bool _readOnly;

        public long Sequence => Interlocked.Read(ref _sequence);

        /// <summary>While set, the workers read and do not save.</summary>
        public bool ReadOnly
        {
            get => Volatile.Read(ref _readOnly);
            set => Volatile.Write(ref _readOnly, value);
        }

        public IReadOnlyDictionary<HttpStatusCode, int> Statuses => _statuses;

        public int Saves(HttpStatusCode status) => _saveStatuses.GetValueOrDefault(status);

        public void Record(HttpStatusCode status) => _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);

        public async Task RunAsync(int worker, CancellationToken stop)
        {
            var mine = sessions.Where((_, i) => i % Workers == worker).ToList();
            for (int round = 0; !stop.IsCancellationRequested; round++)
            {
                foreach (var session in mine)
                {
                    var browser = (round + worker) % 2 == 0 ? session.OnA : session.OnB;
                    using (var read = await ReadAsync(browser))
                    {
                        Record(read.StatusCode);
                    }

                    if (ReadOnly)
                    {
                        continue;
                    }

                    long sequence = Interlocked.Increment(ref _sequence);
                    string value = "v" + sequence.ToString(CultureInfo.InvariantCulture);
                    using var saved = await browser.PostSessionValueAsync(session.Token, "displayName", value);
                    lock (session)
                    {
                        session.Saved(value, saved.StatusCode, sequence);
                    }

                    Record(saved.StatusCode);
                    _saveStatuses.AddOrUpdate(saved.StatusCode, 1, (_, n) => n + 1);
                }
            }
        }

        public static int FinishedSavesSince(long sequence, HashSet<TestSession> of) =>
            of.Sum(session =>
            {
                lock (session)
                {
                    return session.Saves.Count(save => save.Sequence > sequence);
                }
            });

        public static async Task WaitForAsync(Func<bool> condition)
        {
            for (var waited = Stopwatch.StartNew(); !condition();)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "the load did not get there within 60 s");
                await Task.Delay(20);
            }
        }

        /// <summary>
        /// Sessions whose stored value is neither their last save answered 200 nor a save attempted after it (a save
        /// answered 503 may still have been stored).
        /// </summary>
        public async Task<int> CountLostAsync()
        {
            int lost = 0;
            foreach (var session in sessions)
            {
                var page = await session.OnB.OpenAsync("/session");
                string stored = page.Element("#value-displayName").GetAttribute("value")!;
                List<(string Value, HttpStatusCode Status, long Sequence)> saves;
                lock (session)
                {
                    saves = [.. session.Saves];
                }

                int lastAcknowledged = saves.FindLastIndex(save => save.Status == HttpStatusCode.OK);
                if (!saves.Skip(lastAcknowledged).Any(save => save.Value == stored))
                {
                    lost++;
                }
            }

            return lost;
        }

        public string Describe() =>
            string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}: {s.Value}"))
            + $" (saves: {string.Join(", ", _saveStatuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}: {s.Value}"))})";

        private static async Task<HttpResponseMessage> ReadAsync(HtmxBrowser browser)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/header/greeting", UriKind.Relative));
            request.Headers.Add("HX-Request", "true");
            return await browser.Client.SendAsync(request);
        }
    }
}
