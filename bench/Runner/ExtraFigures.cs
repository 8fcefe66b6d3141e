namespace SessionBridge.Bench;

/// <summary>
/// Figures measured outside the wrk rounds, on SessionBridge with Redis: Redis commands of a whole page load, the
/// save answer's size, Redis memory per session, and (with --scale) read latency at 1k and at 1M sessions.
/// </summary>
internal sealed record ExtraFigures(
    string PagePath,
    IReadOnlyList<string> PageFiles,
    IReadOnlyDictionary<string, double> PageLoadCommands,
    IReadOnlyDictionary<string, double> PageLoadCommandsWithoutCookie,
    int SaveAnswerBodyBytes,
    int SaveAnswerTotalBytes,
    string SaveAnswer,
    MemoryFigures Memory,
    ScaleFigures? Scale);

/// <summary>Redis used_memory per session, over copies of a real session of each shape.</summary>
internal sealed record MemoryFigures(int Copies, double Visitor, double SignedInOwnUser, double SignedInSameUser);

/// <summary>The Redis read at 1k and at 1M sessions in Redis (medians of the runs) and the memory per cloned session.</summary>
internal sealed record ScaleFigures(int Runs, double P99At1K, double P99At1M, double P99Ratio, double RequestsPerSecondAt1K, double RequestsPerSecondAt1M, double BytesPerSession);
