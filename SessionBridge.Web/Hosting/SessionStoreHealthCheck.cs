using Microsoft.Extensions.Diagnostics.HealthChecks;
using SessionBridge.Web.Bridge.Store;

namespace SessionBridge.Web.Hosting;

/// <summary>Healthy when the session store answers; the reason says which store and what failed.</summary>
public sealed class SessionStoreHealthCheck(ISessionRecordStore store) : IHealthCheck
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
