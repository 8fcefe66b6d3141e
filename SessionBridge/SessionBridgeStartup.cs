using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Session;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Options;
using SessionBridge.Store;

namespace SessionBridge;

/// <summary>
/// Says at start-up what the library uses of the host: the session store, the <c>IDistributedCache</c>, the Data
/// Protection key ring and the three cookie names, whoever registered them. With sessions in Redis, a cache or key ring
/// that only this process has is a warning: a second node would refuse this node's cookies and handoffs.
/// </summary>
internal sealed partial class SessionBridgeStartup(
    ISessionRecordStore store,
    IDistributedCache cache,
    IOptions<KeyManagementOptions> keys,
    IOptions<SessionOptions> session,
    IOptions<CookieTempDataProviderOptions> tempData,
    IOptions<AntiforgeryOptions> antiforgery,
    ILogger<SessionBridgeStartup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        string cacheKind = cache.GetType().Name;
        string keyRing = keys.Value.XmlRepository?.GetType().Name ?? "the Data Protection default (this machine)";
        LogWiring(logger, store.Kind, cacheKind, keyRing, session.Value.Cookie.Name!, tempData.Value.Cookie.Name!, antiforgery.Value.Cookie.Name!);

        if (store.Kind != "memory" && (cache is MemoryDistributedCache || keys.Value.XmlRepository is null))
        {
            LogNotShared(logger, store.Kind, cacheKind, keyRing);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(113, LogLevel.Information, "SessionBridge uses: sessions in {Store}; IDistributedCache {Cache}; Data Protection keys in {KeyRing}; cookies {SessionCookie}, {TempDataCookie}, {AntiforgeryCookie}")]
    private static partial void LogWiring(ILogger logger, string store, string cache, string keyRing, string sessionCookie, string tempDataCookie, string antiforgeryCookie);

    [LoggerMessage(114, LogLevel.Warning, "Sessions are in {Store}, but IDistributedCache ({Cache}) or the Data Protection key ring ({KeyRing}) is this process's own: another node will refuse this node's cookies and login handoffs. Share both (AddSessionBridgeRedis does by default)")]
    private static partial void LogNotShared(ILogger logger, string store, string cache, string keyRing);
}
