using System.Text;
using Microsoft.Net.Http.Headers;

namespace SessionBridge.Tests.Fuzz;

/// <summary>
/// The status a body alone decides, on a route that takes one: 413 for a body over the limit (with a declared length
/// whatever its type; a url-encoded form however sent), 415 for content that is not a form or a form in a charset the
/// app does not read (unknown, UTF-7, UTF-16, UTF-32). Null where the body is a form the handler (or the form parser) judges.
/// </summary>
public static class ExpectedBodyStatus
{
    public static (int[] Statuses, string Why)? For(FuzzRequest request, Func<string, bool> takesBody)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(takesBody);

        // A hostile request may name a content type of its own beside the body's: which one counts is not the point.
        // An empty body is no body: nothing to judge.
        if (request.Method != "POST" || request.Body is not { Bytes.Length: > 0 } body || !takesBody(request.Target)
            || request.Headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var type = MediaTypeHeaderValue.TryParse(body.ContentType, out var parsed) ? parsed : null;
        bool urlEncoded = type?.MediaType.Equals(BodyShapes.FormType, StringComparison.OrdinalIgnoreCase) == true;
        bool form = urlEncoded || type?.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true;
        bool decodable = type is null || !type.Charset.HasValue || Decodable(type.Charset.Value!);
        bool over = body.Bytes.Length > HostileRequests.BodyLimit;
        return (over, body.Chunked, form, decodable) switch
        {
            (true, false, _, _) => ([413], "a body over the limit with its length declared"),

            // Chunked, its size is known only as it is read: refused as not a form before, or as too large while,
            // Kestrel takes in more of it than the app asked for.
            (true, true, false, _) => ([415, 413], "a chunked body over the limit that is not a form"),
            (_, _, false, _) => ([415], "a body that is not a form"),
            (_, _, true, false) => ([415], "a form in a charset the app does not read"),
            // A NUL (%00) the form reader refuses is met before or after the limit, as the chunks happen to arrive.
            (true, true, true, true) when urlEncoded => (
                Encoding.ASCII.GetString(body.Bytes).Contains("%00", StringComparison.Ordinal) ? [413, 400] : [413],
                "a chunked url-encoded form over the limit"),
            _ => null,
        };
    }

    // An empty charset is none: UTF-8, as without one. UTF-7 (code page 65000) is refused as unsafe, and a charset
    // in which "=" and "&" are not the ASCII bytes (UTF-16, UTF-32) as one a form cannot be written in.
    private static bool Decodable(string charset)
    {
        try
        {
            return charset.Trim('"').Length == 0
                || (Encoding.GetEncoding(charset.Trim('"')) is { CodePage: not 65000 } encoding && encoding.GetByteCount("=") == 1);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }
}
