using SessionBridge.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SessionBridge.Tests.Fuzz;

/// <summary>
/// The project's fuzz test: thousands of seeded hostile requests and mutated form submissions against the app with a
/// signed-in victim, on each session store. A failure prints the smallest request that still fails.
/// </summary>
public sealed class HostileRequestTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Hostile_requests_never_get_a_500_and_leave_the_victim_untouched()
    {
        await using var target = await FuzzTarget.StartAsync(redisConnectionString: null);
        await FuzzRun.RunAsync(target, output);
    }

    [SkippableFact]
    public async Task Hostile_requests_on_Redis_never_get_a_500_and_leave_the_victim_untouched()
    {
        await using var redis = await RedisServer.StartNewAsync();
        await using var target = await FuzzTarget.StartAsync(redis.ConnectionString);
        await FuzzRun.RunAsync(target, output);
    }
}
