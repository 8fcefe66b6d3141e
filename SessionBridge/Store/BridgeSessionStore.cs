using Microsoft.AspNetCore.Session;
using SessionBridge.Telemetry;

namespace SessionBridge.Store;

/// <summary>
/// The stock <see cref="ISessionStore"/> seam, answering with a <see cref="BridgeSession"/> over the record store.
/// The session key it is given is the session id (the hash of the cookie token), or a fresh one for a new session;
/// <c>tryEstablishSession</c> is asked before a new session is stored (the stock middleware says no once the response
/// has started, when no wait can be answered any more), and every store operation is bounded by <c>ioTimeout</c>.
/// </summary>
internal sealed class BridgeSessionStore(ISessionRecordStore store, SessionLifetimes lifetimes, TimeProvider time, SessionBridgeTelemetry telemetry) : ISessionStore
{
    public ISession Create(string sessionKey, TimeSpan idleTimeout, TimeSpan ioTimeout, Func<bool> tryEstablishSession, bool isNewSessionKey) =>
        CreateSession(isNewSessionKey ? null : sessionKey, ioTimeout, _ => ValueTask.FromResult(tryEstablishSession() ? null : (TimeSpan?)TimeSpan.Zero));

    /// <summary>The session of one request: <paramref name="sessionId"/> null for a request that came without one.</summary>
    public BridgeSession CreateSession(string? sessionId, TimeSpan ioTimeout, Func<CancellationToken, ValueTask<TimeSpan?>> tryEstablishSession) =>
        new(store, lifetimes, time, sessionId, ioTimeout, tryEstablishSession, telemetry);
}
