using Microsoft.Extensions.Diagnostics.HealthChecks;
namespace SessionBridge.Store;

/// <summary>Healthy when the session store answers; the reason says which store and what failed.</summary>
internal sealed class SessionStoreHealthCheck(ISessionRecordStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy($"session store ({store.Kind}) answers");
        }
        catch (SessionStoreUnavailableException ex)
        {
            return HealthCheckResult.Unhealthy($"session store ({store.Kind}) unavailable: {RedisFailure.Reason(ex)}");
        }
    }
}

public static class SessionStoreHealthCheckExtensions
{
    /// <summary>A health check named "session-store": healthy when the session store answers a ping.</summary>
    public static IHealthChecksBuilder AddSessionStore(this IHealthChecksBuilder builder) =>
        builder.AddCheck<SessionStoreHealthCheck>("session-store");
}
