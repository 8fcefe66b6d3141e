namespace SessionBridge.Web.Bridge.Events;

/// <summary>The embedded default: one node, so publishing is delivering.</summary>
public sealed class LocalSessionEventPublisher(SessionEventHub hub) : ISessionEventPublisher
{
    public Task PublishAsync(SessionEvent sessionEvent, CancellationToken cancellationToken = default)
    {
        hub.Deliver(sessionEvent);
        return Task.CompletedTask;
    }
}
