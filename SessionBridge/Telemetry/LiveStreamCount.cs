namespace SessionBridge.Telemetry;

/// <summary>
/// One live stream counted in <see cref="SessionBridgeTelemetry.Instruments.LiveStreams"/> until disposed, however
/// the stream ends (the tab went away, a sign-out, the node stopping).
/// </summary>
internal readonly struct LiveStreamCount : IDisposable
{
    private readonly SessionBridgeTelemetry? _telemetry;

    internal LiveStreamCount(SessionBridgeTelemetry telemetry)
    {
        _telemetry = telemetry;
        telemetry.LiveStreams.Add(1);
    }

    public void Dispose() => _telemetry?.LiveStreams.Add(-1);
}
