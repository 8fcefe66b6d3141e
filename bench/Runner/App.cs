namespace SessionBridge.Bench;

/// <summary>
/// An app under test: where it listens, and its process (for CPU time). Redis holds the Redis nodes its commands go to
/// (one server, or every node of a cluster); it is empty for in-memory apps.
/// </summary>
internal sealed record App(string Name, Uri BaseUrl, ServerProcess Process, IReadOnlyList<RedisStats> Redis);
