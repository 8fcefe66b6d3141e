using SessionBridge.Telemetry;

namespace SessionBridge.Events;

/// <summary>The embedded default: one node, so publishing is delivering.</summary>
internal sealed class LocalSessionEventPublisher(SessionEventHub hub, SessionBridgeTelemetry telemetry) : ISessionEventPublisher
{
    public Task PublishAsync(SessionEvent sessionEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionEvent);
        telemetry.EventPublished(sessionEvent.IsSignOut);
        hub.Deliver(sessionEvent);
        return Task.CompletedTask;
    }
}
