namespace SessionBridge.Events;

/// <summary>
/// Where this node's <see cref="SessionEventHub"/> hears the events of one session that were announced anywhere (on
/// this node or another). The hub listens to a session only while a stream of it is open here, and calls
/// <see cref="ListenAsync"/> and <see cref="StopListeningAsync"/> for one session one at a time, in order.
/// </summary>
internal interface ISessionEventFeed
{
    /// <summary>
    /// Starts handing the session's events to <paramref name="deliver"/>; returns once they will arrive. Throws
    /// <see cref="Store.SessionStoreUnavailableException"/> when the store cannot be reached.
    /// </summary>
    Task ListenAsync(string sessionId, Action<SessionEvent> deliver, CancellationToken cancellationToken = default);

    /// <summary>Stops listening to the session. Never throws: a node must close streams whatever state the store is in.</summary>
    Task StopListeningAsync(string sessionId);
}
