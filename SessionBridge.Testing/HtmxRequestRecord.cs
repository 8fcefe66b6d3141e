using System.Net;

namespace SessionBridge.Testing;

/// <summary>One request as it went over the wire, for assertions on what the "browser" sent.</summary>
public sealed record HtmxRequestRecord(
    HttpMethod Method,
    Uri Url,
    IReadOnlyDictionary<string, string> Headers,
    string? Body,
    HttpStatusCode Status)
{
    public bool IsHtmx => Headers.ContainsKey("HX-Request");
}
