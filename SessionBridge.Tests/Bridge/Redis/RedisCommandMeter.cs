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
/// was answered. Commands in flight together (a pipeline, a
/// fire-and-forget PUBLISH under a later command) share one network round trip; the round trips are the groups of
/// overlapping commands the node waited for. The node must be the server's only client that sends commands meanwhile.
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
    /// Groups of commands in flight together, in the order the node issued them (each as "HGETALL", "EVAL+EXPIRE+HMSET"):
    /// a command the node issued only after every earlier one had completed (its answer read and handed to the caller)
    /// waited for them, and starts a new round trip. A fire-and-forget command (a sign-out's SPUBLISH) is never waited
    /// for, so it makes no round trip.
    /// </summary>
    private static List<string> RoundTrips(List<IProfiledCommand> profiled)
    {
        var trips = new List<List<string>>();
        DateTime completedBy = DateTime.MinValue;
        foreach (var command in profiled.Where(c => !c.Flags.HasFlag(CommandFlags.FireAndForget)).OrderBy(c => c.CommandCreated))
        {
            if (command.CommandCreated >= completedBy)
            {
                trips.Add([]);
            }

            trips[^1].Add(command.Command);
            var completed = command.CommandCreated + command.ElapsedTime;
            completedBy = completed > completedBy ? completed : completedBy;
        }

        return [.. trips.Select(trip => string.Join('+', trip.Order(StringComparer.Ordinal)))];
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
