using Microsoft.AspNetCore.Session;

namespace SessionBridge.Web.Bridge.Store;

/// <summary>
/// The stock <see cref="ISessionStore"/> seam, answering with a <see cref="BridgeSession"/> over the record store.
/// The session key it is given is the session id (the hash of the cookie token), or a fresh one for a new session;
/// <c>tryEstablishSession</c> is asked before a new session is stored (the middleware limits new sessions per client).
/// </summary>
public sealed class BridgeSessionStore(ISessionRecordStore store, SessionLifetimes lifetimes, TimeProvider time) : ISessionStore
{
    public ISession Create(string sessionKey, TimeSpan idleTimeout, TimeSpan ioTimeout, Func<bool> tryEstablishSession, bool isNewSessionKey) =>
        new BridgeSession(store, lifetimes, time, isNewSessionKey ? null : sessionKey, tryEstablishSession);
}
