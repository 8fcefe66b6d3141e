namespace SessionBridge.Tests.Fuzz;

/// <summary>A request body; <see cref="Chunked"/> sends it without a Content-Length, as a streaming client does.</summary>
public sealed record FuzzBody(string? ContentType, byte[] Bytes, bool Chunked);
