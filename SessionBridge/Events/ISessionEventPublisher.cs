namespace SessionBridge.Events;

/// <summary>
/// Sends an event that no commit carries (a sign-out or a revocation: the session is deleted, not committed) to every
/// node's open streams of that session. A change of a key travels with its commit instead (see
/// <see cref="Store.SessionChange.Announce"/>).
/// </summary>
public interface ISessionEventPublisher
{
    Task PublishAsync(SessionEvent sessionEvent, CancellationToken cancellationToken = default);
}
