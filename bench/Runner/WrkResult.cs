namespace SessionBridge.Bench;

/// <summary>What one wrk run reported (see bench/wrk/check.lua), Bad counting answers with a wrong status or body.</summary>
internal sealed record WrkResult(long Requests, long Bytes, long Bad, double P50Microseconds, double P99Microseconds, long SocketErrors, string? FirstBad);
