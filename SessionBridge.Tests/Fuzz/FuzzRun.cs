using System.Diagnostics;
using System.Globalization;
using System.Text;
using CsCheck;
using Xunit.Abstractions;

namespace SessionBridge.Tests.Fuzz;

/// <summary>
/// Runs the property over a seeded stream of requests, then shrinks each distinct failure to the smallest request
/// that still fails the same way (CsCheck's shrinking, then dropping one header, cookie or body at a time), and fails
/// the test with all of them printed. SB_FUZZ_SEED (a number) and SB_FUZZ_ITER explore further; the defaults keep CI
/// reproducible.
/// </summary>
public static class FuzzRun
{
    public const string VictimChanged = "the victim's session data or sessions changed";

    private const ulong DefaultSeed = 20261129;
    private const int DefaultIterations = 5000;

    // Reading the victim's two pages costs two round trips (and their parsing): after this many requests, and at the
    // end. A change names the requests since the last check; those that carried something of hers come first.
    private const int VictimCheckInterval = 25;
    private const int ShrinkSeconds = 5;
    private const int MaxShrunk = 10;

    public static async Task RunAsync(FuzzTarget target, ITestOutputHelper output)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(output);
        ulong seed = ulong.TryParse(Environment.GetEnvironmentVariable("SB_FUZZ_SEED"), CultureInfo.InvariantCulture, out ulong s) ? s : DefaultSeed;
        int iterations = int.TryParse(Environment.GetEnvironmentVariable("SB_FUZZ_ITER"), CultureInfo.InvariantCulture, out int n) ? n : DefaultIterations;
        output.WriteLine(target.Prepared);

        // As many form submissions as hostile requests (they carry valid tokens, so they reach the handlers), and half
        // as many raw bodies of every content type.
        var gen = Gen.Frequency(
            (2, HostileRequests.For(target.Material)),
            (2, FormMutations.For(target.Material, target.BaseUrl)),
            (1, RawBodies.For(target.Material, target.BaseUrl)));
        var pcg = new PCG(1, seed);
        var failures = new Dictionary<string, Found>(StringComparer.Ordinal);
        var sinceVictimCheck = new List<FuzzRequest>();
        var stopwatch = Stopwatch.StartNew();
        int sent = 0;
        while (sent < iterations)
        {
            ulong state = pcg.State;
            var request = gen.Generate(pcg, null, out _);
            sent++;
            sinceVictimCheck.Add(request);
            bool checkVictim = sinceVictimCheck.Count == VictimCheckInterval || sent == iterations;
            try
            {
                await target.CheckAsync(request, checkVictim: false);
            }
            catch (FuzzFailureException failure)
            {
                Record(failures, failure, request, pcg.ToString(state));
            }

            if (checkVictim)
            {
                try
                {
                    await target.CheckVictimAsync();
                    sinceVictimCheck.Clear();
                }
                catch (FuzzFailureException failure)
                {
                    // Every later request would fail the same way: she cannot be put back as she was.
                    Record(failures, failure, request, pcg.ToString(state));
                    failures[VictimChanged].Suspects = [.. sinceVictimCheck.OrderByDescending(target.Material.TouchesVictim)];
                    break;
                }
            }
        }

        double seconds = stopwatch.Elapsed.TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{sent:N0} fuzz requests (seed {seed}) in {seconds:F1} s, {target.RequestsSent:N0} round trips with the victim checks ({target.RequestsSent / seconds:N0}/s); {failures.Count} distinct failures"));
        if (failures.Count == 0)
        {
            return;
        }

        var report = new StringBuilder();
        report.Append(CultureInfo.InvariantCulture, $"{failures.Count} distinct failures in {sent:N0} requests (SB_FUZZ_SEED={seed}):\n");
        foreach (var (kind, found) in failures.OrderByDescending(f => f.Value.Count).Take(MaxShrunk))
        {
            report.Append(CultureInfo.InvariantCulture, $"\n=== {kind} ({found.Count} requests)\n");
            report.Append(kind == VictimChanged ? DescribeSuspects(found) : await ShrinkAsync(gen, target, kind, found));
        }

        output.WriteLine(report.ToString());
        Assert.Fail(report.ToString());
    }

    private static void Record(Dictionary<string, Found> failures, FuzzFailureException failure, FuzzRequest request, string seed)
    {
        if (failures.TryGetValue(failure.Kind, out var found))
        {
            found.Count++;
        }
        else
        {
            failures[failure.Kind] = new Found(seed, request, failure);
        }
    }

    /// <summary>
    /// CsCheck replays the failing seed, then tries smaller requests for a few seconds, keeping the smallest that fails
    /// alike; then each header, cookie and the body are dropped in turn while it still fails alike.
    /// </summary>
    private static async Task<string> ShrinkAsync(Gen<FuzzRequest> gen, FuzzTarget target, string kind, Found found)
    {
        var smallest = found.Request;
        var failure = found.Failure;
        try
        {
            await gen.SampleAsync(
                async request =>
                {
                    if (await FailureOfAsync(target, request, kind) is { } alike)
                    {
                        smallest = request;
                        failure = alike;
                        throw alike;
                    }
                },
                seed: found.Seed,
                time: ShrinkSeconds,
                threads: 1,
                print: request => request.ToString());
        }
        catch (CsCheckException)
        {
            // What it found is in smallest: its message prints the request, which the report does below.
        }

        bool dropped = true;
        while (dropped)
        {
            dropped = false;
            foreach (var candidate in Smaller(smallest))
            {
                if (await FailureOfAsync(target, candidate, kind) is { } alike)
                {
                    (smallest, failure, dropped) = (candidate, alike, true);
                    break;
                }
            }
        }

        return $"smallest request found (CsCheck seed {found.Seed} is the first one that failed):\n{smallest}\n{failure.Message}\n";
    }

    private static async Task<FuzzFailureException?> FailureOfAsync(FuzzTarget target, FuzzRequest request, string kind)
    {
        try
        {
            await target.CheckAsync(request, checkVictim: false);
            return null;
        }
        catch (FuzzFailureException failure)
        {
            return failure.Kind == kind ? failure : null;
        }
    }

    private static IEnumerable<FuzzRequest> Smaller(FuzzRequest request)
    {
        for (int i = 0; i < request.Headers.Count; i++)
        {
            yield return request with { Headers = [.. request.Headers.Where((_, j) => j != i)] };
        }

        for (int i = 0; i < request.Cookies.Count; i++)
        {
            yield return request with { Cookies = [.. request.Cookies.Where((_, j) => j != i)] };
        }

        if (request.Body is { } body)
        {
            yield return request with { Body = null };
            if (body.Chunked)
            {
                yield return request with { Body = body with { Chunked = false } };
            }

            // A form body one field shorter (a huge one stays as it is: its size may be the point).
            string[] fields = Encoding.UTF8.GetString(body.Bytes).Split('&');
            for (int i = 0; i < fields.Length && fields.Length > 1 && body.Bytes.Length <= HostileRequests.BodyLimit; i++)
            {
                yield return request with { Body = body with { Bytes = Encoding.UTF8.GetBytes(string.Join('&', fields.Where((_, j) => j != i))) } };
            }
        }

        // The target cut before its query, then before each of its segments.
        string target = request.Target;
        for (int end = target.LastIndexOfAny(['?', '/']); end > 0; end = target.LastIndexOfAny(['?', '/'], end - 1))
        {
            yield return request with { Target = target[..end] };
        }
    }

    private static string DescribeSuspects(Found found) =>
        $"{found.Failure.Message}\nfound after these requests (one of them did it):\n{string.Join("\n", found.Suspects.Select(r => r.ToString()))}\n";

    private sealed class Found(string seed, FuzzRequest request, FuzzFailureException failure)
    {
        public string Seed { get; } = seed;

        public FuzzRequest Request { get; } = request;

        public FuzzFailureException Failure { get; } = failure;

        public int Count { get; set; } = 1;

        public IReadOnlyList<FuzzRequest> Suspects { get; set; } = [];
    }
}
