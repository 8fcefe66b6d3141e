using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SessionBridge.Tests.Infrastructure;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;
using Xunit.Abstractions;

namespace SessionBridge.Tests.Bridge.Redis;

/// <summary>
/// What one node sends to Redis while an action runs, counted twice over: by the server itself (INFO commandstats,
/// which also counts the commands a Lua script runs inside Redis, so one EVALSHA of the commit script shows up as
/// evalsha + exists + hset + pexpire) and by the node's multiplexer, whose profiler names each command the node sent
/// (the top-level commands; it names a script EVAL whether it went out as EVAL or EVALSHA) and when it went out and
/// was answered. Commands sent together (a pipeline, a Task.WhenAll) share one network round trip; the round trips
/// are the longest chain of commands each waiting for an answer before it. The node must be the server's only client
/// that sends commands meanwhile.
/// </summary>
internal sealed class RedisCommandMeter(RedisNode node, ITestOutputHelper output)
{
    /// <summary>Measures <paramref name="action"/>, which must be the node's only traffic meanwhile.</summary>
    public async Task<RedisCost> MeasureAsync(Func<Task> action)
    {
        var multiplexer = node.App.Services.GetRequiredService<IConnectionMultiplexer>();
        await node.Redis.QuietCommandCountAsync();
        var before = await node.Redis.CommandStatsAsync();
        var profiling = new ProfilingSession();
        multiplexer.RegisterProfiler(() => profiling);
        long sentBefore = multiplexer.OperationCount;
        List<IProfiledCommand> profiled = [];
        try
        {
            await action();

            // What the node sent fire-and-forget (a PUBLISH) may be answered after the action returned: wait until
            // the profiler has every operation the node sent, then until the server has counted them all.
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < TimeSpan.FromSeconds(5))
            {
                profiled.AddRange(profiling.FinishProfiling());
                if (profiled.Count >= multiplexer.OperationCount - sentBefore)
                {
                    break;
                }

                await Task.Delay(20);
            }
        }
        finally
        {
            multiplexer.RegisterProfiler(() => null);
        }

        await node.Redis.QuietCommandCountAsync();
        var server = Delta(before, await node.Redis.CommandStatsAsync());
        return new RedisCost(server, Sent(profiled), RoundTrips(profiled), multiplexer.OperationCount - sentBefore);
    }

    /// <summary>Writes one line per measurement into the test's output (the figures of docs/benchmarks.md).</summary>
    public void Report(string what, RedisCost cost) =>
        output.WriteLine($"{what}: {cost.RoundTrips} round trip(s) [{string.Join(", ", cost.Trips)}], {cost.TopLevel} top-level command(s) "
            + $"[{Format(cost.Sent)}]; commandstats {cost.Server.Values.Sum()} [{Format(cost.Server)}]");

    /// <summary>
    /// Asserts the round trips exactly (each the commands in flight together, by name, in the order they went out) and
    /// what the server counted, and that the node's multiplexer sent no operation the profiler missed.
    /// </summary>
    public static void AssertCost(RedisCost cost, string[] trips, params (string Command, long Calls)[] server)
    {
        Assert.Equal(trips, cost.Trips);
        Assert.Equal(Only(server), cost.Server);
        Assert.Equal(cost.TopLevel, cost.Operations);
    }

    /// <summary>Exactly these commands and calls, for comparing with <see cref="RedisCost.Server"/> or <see cref="RedisCost.Sent"/>.</summary>
    public static Dictionary<string, long> Only(params (string Command, long Calls)[] commands) =>
        commands.ToDictionary(c => c.Command, c => c.Calls, StringComparer.Ordinal);

    private static string Format(Dictionary<string, long> commands) =>
        string.Join(", ", commands.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));

    private static Dictionary<string, long> Delta(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        after
            .Where(s => s.Key.Split('|')[0] is not ("info" or "config"))
            .Select(s => (s.Key, Calls: s.Value - before.GetValueOrDefault(s.Key)))
            .Where(s => s.Calls != 0)
            .ToDictionary(s => s.Key, s => s.Calls, StringComparer.Ordinal);

    private static Dictionary<string, long> Sent(List<IProfiledCommand> profiled) =>
        profiled
            .GroupBy(c => c.Command.ToLowerInvariant(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);

    /// <summary>
    /// The round trips the node waited for, in order, each as the commands it sent then (e.g. "HGETALL",
    /// "EVAL+EXPIRE+HMSET"): the longest chain of commands each issued only after the one before it was answered.
    /// A command's place in the chain is one more than that of the latest-placed command answered before it was issued,
    /// so commands sent together share a place however their answers interleave (a cache write issued beside a limit
    /// check does not pull the session's creation, which waited for the check, into the check's round trip). A
    /// fire-and-forget command (a sign-out's SPUBLISH) is never waited for, so it has no place.
    /// </summary>
    private static List<string> RoundTrips(List<IProfiledCommand> profiled)
    {
        var commands = profiled.Where(c => !c.Flags.HasFlag(CommandFlags.FireAndForget)).OrderBy(c => c.CommandCreated).ToList();
        var places = new int[commands.Count];
        for (int i = 0; i < commands.Count; i++)
        {
            for (int j = 0; j < i; j++)
            {
                if (commands[j].CommandCreated + commands[j].ElapsedTime <= commands[i].CommandCreated)
                {
                    places[i] = Math.Max(places[i], places[j]);
                }
            }

            places[i]++;
        }

        return [.. commands
            .Select((command, i) => (command.Command, Place: places[i]))
            .GroupBy(c => c.Place)
            .OrderBy(trip => trip.Key)
            .Select(trip => string.Join('+', trip.Select(c => c.Command).Order(StringComparer.Ordinal)))];
    }
}

/// <summary>
/// What an action cost in Redis: <paramref name="Server"/> per command as the server counted them (script internals
/// included), <paramref name="Sent"/> per command as the node sent them, the network round trips the node waited for
/// (<paramref name="Trips"/>, each the commands in flight together), and the operations the node's multiplexer counted
/// (a cross-check of <see cref="TopLevel"/>).
/// </summary>
internal sealed record RedisCost(Dictionary<string, long> Server, Dictionary<string, long> Sent, IReadOnlyList<string> Trips, long Operations)
{
    /// <summary>Commands that came over the network from the node.</summary>
    public long TopLevel => Sent.Values.Sum();

    /// <summary>Round trips the node waited for.</summary>
    public long RoundTrips => Trips.Count;
}
