using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.Options;

namespace SessionBridge.Limits;

/// <summary>Limits counted in this process: the embedded default, where this process is the whole deployment.</summary>
internal sealed class ProcessLimits(IOptions<SessionOptions> sessionOptions) : SharedLimits(sessionOptions)
{
    public override string Kind => "memory";

    protected override PartitionedRateLimiter<string> CreateLimiter(int permitLimit, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(partition => RateLimitPartition.GetFixedWindowLimiter(
            partition,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = window, QueueLimit = 0 }));

    // The system's clock, as Redis and the single limits above count: the app's TimeProvider is the sessions' clock.
    private protected override SharedLimitGroup CreateGroupCore(string name, IReadOnlyList<SharedLimitRule> rules, TimeSpan ioTimeout) =>
        new ProcessLimitGroup(rules, ioTimeout, TimeProvider.System);
}
