using System.Text;
using CsCheck;

namespace SessionBridge.Tests.Fuzz;

/// <summary>
/// Bodies of every content type a page may be sent besides multipart: url-encoded forms in every charset name (ones
/// .NET decodes, ones it refuses, nonsense) and with broken percent-escapes, random bytes labelled as a form, JSON,
/// binary, text, no content type at all, and any of them over the body limit.
/// </summary>
public static class BodyShapes
{
    public const string FormType = "application/x-www-form-urlencoded";

    public static readonly string[] Charsets =
    [
        "utf-8", "UTF-8", "\"utf-8\"", "utf-16", "utf-16le", "utf-16be", "unicodeFFFE", "utf-32", "utf-32be", "latin1", "iso-8859-1",
        "us-ascii", "windows-1252", "shift_jis", "utf-7", "UTF-7", "csUnicode11UTF7", "nonsense", "", "\"\"", "utf-8; charset=utf-16",
    ];

    public static readonly string?[] OtherTypes =
    [
        null, "", "application/json", "application/json; charset=utf-16", "application/octet-stream", "text/plain",
        "text/plain; charset=utf-32", "application/xml", "text/html", "image/png", "*/*", "a/b; c", "form-data", "multipart/mixed; boundary=zz",
        "application/x-www-form-urlencoded-x", "application/x-www-form-urlencoded;;;", "application/x-www-form-urlencoded; charset",
        "APPLICATION/X-WWW-FORM-URLENCODED", "application/x-www-form-urlencoded, application/json", "text/plain; charset=utf-7",
    ];

    /// <summary>Percent-escapes a decoder has to make something of.</summary>
    private static readonly string[] BrokenEscapes =
    [
        "value=%", "value=%Z", "value=%ZZ", "value=%E2%82", "value=%C0%AE", "value=%FF%FE", "value=%%", "value=%u00e9", "%=x", "=%",
        "&&&", "value==b", "value=%00", "value=+%2", "%E2%82%AC=%E2%82%AC", "value=%F0%9F",
    ];

    public static Gen<FuzzBody> UrlEncoded(IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        var text = Gen.Frequency(
            (3, Gen.Const(HostileRequests.Encode(fields))),
            (2, Gen.OneOf(BrokenEscapes).Array[1, 3].Select(escapes => HostileRequests.Encode(fields) + "&" + string.Join('&', escapes))));
        return Gen.Select(Gen.OneOf(Charsets), text, Gen.Bool, (charset, t, chunked) =>
            new FuzzBody(charset.Length == 0 ? FormType + "; charset=" : FormType + "; charset=" + charset, EncodingOf(charset).GetBytes(t), chunked));
    }

    /// <summary>Bytes that are not a form, labelled as anything: no type, JSON, binary, text, odd types.</summary>
    public static Gen<FuzzBody> NotAForm(IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        var content = Gen.Frequency(
            (2, Gen.Const(Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(fields.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Last().Value))))),
            (1, Gen.OneOf("{", "[]", "null", "{\"value\":", "\"\u00e9\"").Select(Encoding.UTF8.GetBytes)),
            (2, Gen.Const(Encoding.UTF8.GetBytes(HostileRequests.Encode(fields)))),
            (2, Gen.Byte.Array[1, 400]));
        return Gen.Select(Gen.OneOf(OtherTypes), content, Gen.Bool, (type, bytes, chunked) => new FuzzBody(type, bytes, chunked));
    }

    /// <summary>Random bytes under a form content type (url-encoded, multipart with or without a boundary).</summary>
    public static readonly Gen<FuzzBody> RandomBytesAsForm = Gen.Select(
        Gen.OneOf(FormType, FormType + "; charset=utf-16", "multipart/form-data; boundary=zz", "multipart/form-data", "multipart/form-data; boundary=" + new string('b', 200)),
        Gen.Byte.Array[1, 600],
        Gen.Bool,
        (type, bytes, chunked) => new FuzzBody(type, bytes, chunked));

    /// <summary>Any content type, just over the body limit (further over finds nothing more), with a length or chunked.</summary>
    public static readonly Gen<FuzzBody> Oversized = Gen.Select(
        Gen.OneOf([FormType, "multipart/form-data; boundary=zz", "application/json", "application/octet-stream", "text/plain", null]),
        Gen.Int[HostileRequests.BodyLimit + 1, HostileRequests.BodyLimit + 4096],
        Gen.Bool,
        (type, size, chunked) => new FuzzBody(type, Encoding.ASCII.GetBytes(type == FormType ? "value=" + new string('A', size) : new string('A', size)), chunked));

    /// <summary>The encoding a sender would have used; UTF-8 where the name is not one .NET knows.</summary>
    private static Encoding EncodingOf(string charset)
    {
        try
        {
            return charset.Length == 0 ? Encoding.UTF8 : Encoding.GetEncoding(charset.Trim('"'));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return Encoding.UTF8;
        }
    }
}
