using System.Net;

namespace SessionBridge.Testing;

/// <summary>One request as it went over the wire, for assertions on what the browser sent and what htmx would have sent.</summary>
/// <param name="Method">GET or POST.</param>
/// <param name="Url">The absolute address, query included.</param>
/// <param name="Headers">The headers sent (HX-* headers and <c>Cookie</c> included), one value per name.</param>
/// <param name="Body">The url-encoded form body, or null for a request without one.</param>
/// <param name="Status">The status of the answer.</param>
public sealed record HtmxRequestRecord(
    HttpMethod Method,
    Uri Url,
    IReadOnlyDictionary<string, string> Headers,
    string? Body,
    HttpStatusCode Status)
{
    /// <summary>Whether htmx sent it (it carries <c>HX-Request</c>), rather than a navigation or a plain form post.</summary>
    public bool IsHtmx => Headers.ContainsKey("HX-Request");
}
