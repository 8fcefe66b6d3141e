namespace SessionBridge.Bench;

/// <summary>An app under test: where it listens, and its process (for CPU time). Redis is null for in-memory apps.</summary>
internal sealed record App(string Name, Uri BaseUrl, ServerProcess Process, RedisStats? Redis);
