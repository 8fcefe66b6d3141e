namespace SessionBridge.Bench;

/// <summary>One case in one round: throughput, latency, server CPU per request, bytes per answer.</summary>
internal sealed record Measurement(
    string CaseId,
    int Round,
    double RequestsPerSecond,
    double P50Milliseconds,
    double P99Milliseconds,
    double CpuMicrosecondsPerRequest,
    double BytesPerAnswer);
