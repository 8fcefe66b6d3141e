namespace SessionBridge.Bench;

/// <summary>
/// One configuration measured by wrk: a request repeated by every connection, the status and body text every
/// answer must have, and the stock case it is compared with (null for the baselines themselves).
/// </summary>
internal sealed record BenchCase(
    string Id,
    string Label,
    CaseFamily Family,
    App App,
    string Method,
    string Path,
    IReadOnlyList<string> Headers,
    string Body,
    int Status,
    string Expect,
    string? ComparedWith)
{
    /// <summary>The case's headers plus what the TLS-terminating proxy in front of every app adds.</summary>
    public IReadOnlyList<string> RequestHeaders => [.. Headers, BrowserClient.ForwardedProto];

    /// <summary>Whether an answer's body has every line of the expected text in it (as bench/wrk/check.lua checks).</summary>
    public static bool IsExpected(string body, string expect) => expect.Split('\n').All(line => body.Contains(line, StringComparison.Ordinal));
}

internal enum CaseFamily
{
    Bare,
    Stock,
    SessionBridge,
}
