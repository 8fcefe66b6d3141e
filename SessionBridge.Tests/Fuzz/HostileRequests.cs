using System.Text;
using CsCheck;
using SessionBridge.Tests.Infrastructure;

namespace SessionBridge.Tests.Fuzz;

/// <summary>
/// Requests no browser sends: every method, mangled paths and percent-encodings, cookies of every length and alphabet
/// and bit flips of real ones, odd htmx headers, and bodies that are chunked, oversized, too many fields or not what
/// their content type says. They speak as a real identity often enough to get past antiforgery to the handlers.
/// </summary>
public static class HostileRequests
{
    /// <summary>Kestrel:Limits:MaxRequestBodySize in appsettings.json.</summary>
    public const int BodyLimit = 65536;

    public const string AntiforgeryCookie = "sb-antiforgery";

    public static readonly string[] Routes =
    [
        "/", "/login", "/account", "/session", "/session/displayName", "/session/theme", "/session/language",
        "/session/compactMode", "/session/unknown", "/logout", "/header/greeting", "/header/theme", "/events",
        "/events/check", "/healthz", "/error/404", "/error/500", "/css/site.css", "/js/site.js", "/_htmx/antiforgery.js",
        "/lib/htmx.org/dist/htmx.min.js", "/favicon.ico",
    ];

    private const string Base64Url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private const string NonAscii = "éüß€Ω中文\u00a0\u200b\u202e\ufeffÿ";
    private const string Controls = "\t\u0000\u0001\u001b\u001f\u007f";

    private static readonly Gen<string> s_printable = Gen.Char[' ', '~'].Array[0, 40].Select(c => new string(c));

    /// <summary>Values a header or field may hold: printable junk, non-ASCII, control characters, injections, huge.</summary>
    public static readonly Gen<string> Junk = Gen.Frequency(
        (5, s_printable),
        (2, Gen.Char[NonAscii].Array[1, 12].Select(c => new string(c))),
        (1, Gen.Char[Controls].Array[1, 6].Select(c => new string(c))),
        (2, Gen.OneOf(FormMutations.Injections)),
        (1, Gen.Int[1_000, 9_000].Select(n => new string('x', n))));

    public static Gen<FuzzRequest> For(FuzzMaterial material)
    {
        var identity = Gen.OneOf(material.Identities.Select(i => Gen.Const(i)).ToArray<IGen<FuzzIdentity>>());
        var cookies = identity.SelectMany(i => Cookies(material, i));
        var headers = identity.SelectMany(i => Headers(i).Array[0, 5]);
        var body = identity.SelectMany(i => Body(material, i));
        return Gen.Select(Method, Target, headers, cookies, body, identity, (method, target, h, c, b, i) =>
            new FuzzRequest(method, target, h, c, b, "hostile request as " + i.Name));
    }

    private static readonly Gen<string> Method = Gen.Frequency(
        (8, Gen.OneOf("GET", "POST")),
        (4, Gen.OneOf("HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE")),
        (1, Gen.OneOf("get", "post", "FOO", "CONNECT", "PROPFIND", "BREW", "G\u00c9T", "POST\u0000")));

    private static readonly Gen<string> Segment = Gen.Frequency(
        (4, Gen.OneOf(
            "/", "/%00", "/..%2f", "/..%2f..%2f", "/%2e%2e/", "/..", "/.", "//", "/%ZZ", "/%", "/%C0%AE%C0%AE/", "/%E2%82%AC",
            "/\u00e9t\u00e9", "/%20", "/;x=1", "/%2F", "/%5C..%5C", "/\u0001", "/displayName", "/theme", "/unknown")),
        (1, Gen.Int[200, 9_000].Select(n => "/" + new string('a', n))));

    private static readonly Gen<string> Query = Gen.Frequency(
        (6, Gen.Const("")),
        (3, Gen.OneOf(
            "?key=theme", "?handler=revoke", "?handler=revokeOthers", "?handler=%00", "?handler=", "?returnUrl=%E2%82%AC",
            "?returnUrl=//evil.example/", "?reason=%FF", "?reason=ended", "?x=%ZZ", "?tab=\u00e9", "?value=dark", "?&&==&")),
        (1, s_printable.Select(q => "?" + q)));

    private static readonly Gen<string> Target = Gen.Frequency(
        (12, Gen.Select(Gen.OneOf(Routes), Segment.Array[0, 2], Query, (route, segments, query) => route + string.Concat(segments) + query)),
        (1, Gen.OneOf("*", "http://evil.example/session", "session", "/session#fragment", "//session", "/\u00e9", "")));

    private static Gen<KeyValuePair<string, string>> Headers(FuzzIdentity identity) => Gen.OneOf(
        Header("HX-Request", Gen.Frequency((4, Gen.Const("true")), (1, Gen.OneOf("false", "", "1", "TRUE")), (1, Junk))),
        Header("HX-Target", Gen.Frequency((3, Gen.OneOf("row-theme", "row-displayName", "alerts", "#alerts", "login-form", "sessions-region")), (2, Junk))),
        Header("HX-Current-URL", Gen.Frequency((2, Gen.OneOf("http://127.0.0.1/session", "http://evil.example/", "javascript:alert(1)", "/session?x=\u00e9")), (2, Junk))),
        Header("HX-Trigger", Junk),
        Header("HX-Trigger-Name", Junk),
        Header("HX-Boosted", Gen.OneOf("true", "false")),
        Header("HX-History-Restore-Request", Gen.OneOf("true", "x")),
        Header("HX-Prompt", Junk),
        Header("RequestVerificationToken", Gen.Frequency((3, Gen.Const(identity.Token)), (2, Junk))),
        Header(SessionBridge.Events.LiveChannel.TabHeader, Junk),
        Header("Accept", Gen.OneOf("text/event-stream", "*/*", "text/html", "application/json", "\u00e9/\u00e9", "")),
        Header("Accept-Language", Gen.Frequency((2, Gen.OneOf("de-DE,de;q=0.9", "fr", "*", "xx-INVALID;q=abc", "en;q=2", "zh-Hant-TW", ",,,;q=")), (1, Junk))),
        Header("X-Forwarded-For", Gen.OneOf("1.2.3.4", "::1", "junk", "1.2.3.4, 5.6.7.8", "")),
        Header("X-Forwarded-Proto", Gen.OneOf("https", "http", "ftp", "")),
        Header("X-Forwarded-Host", Gen.OneOf("evil.example", "", "a b")),
        Header("Host", Gen.OneOf("evil.example", "", "a b", "[::1", "localhost:99999")),
        Header("Origin", Gen.OneOf("http://evil.example", "null", "")),
        Header("Referer", Junk),
        Header("Content-Type", Gen.OneOf("application/x-www-form-urlencoded", "application/json", "multipart/form-data")),
        Header("Range", Gen.OneOf("bytes=0-10", "bytes=999999-", "bytes=junk")),
        Header("If-None-Match", Gen.OneOf("*", "\"junk\"", "")),
        Header("If-Modified-Since", Gen.OneOf("Thu, 01 Jan 1970 00:00:00 GMT", "junk")),
        Header("Cookie", Gen.OneOf(";;;", "=", "sb-session", "sb-session=; sb-session=x", "a=b=c")));

    private static KeyValuePair<string, string> Field(string name, string value) => new(name, value);

    private static Gen<KeyValuePair<string, string>> Header(string name, Gen<string> value) =>
        value.Select(v => new KeyValuePair<string, string>(name, v));

    private static Gen<IReadOnlyList<KeyValuePair<string, string>>> Cookies(FuzzMaterial material, FuzzIdentity identity)
    {
        string victimSession = material.VictimCookies.First(c => c.Key == AppTestExtensions.SessionCookie).Value;
        var realValues = material.VictimCookies.Concat(identity.Cookies).Append(new(AppTestExtensions.TempDataCookie, material.TempDataCookie)).ToList();
        var mangledReal = Gen.OneOf(realValues.Select(c => Gen.Const(c)).ToArray<IGen<KeyValuePair<string, string>>>())
            .SelectMany(c => Mangled(c.Value).Select(v => new KeyValuePair<string, string>(c.Key, v)));
        var name = Gen.Frequency(
            (6, Gen.OneOf(AppTestExtensions.SessionCookie, AppTestExtensions.TempDataCookie, AntiforgeryCookie)),
            (1, Gen.OneOf("SB-SESSION", "sb-session ", "__Host-sb-session", "x", "")));
        var invented = Gen.Select(name, CookieValue, (n, v) => new KeyValuePair<string, string>(n, v));
        var extra = Gen.Frequency((3, mangledReal), (2, invented), (1, Gen.Select(Gen.OneOf(victimSession), Gen.Const(AppTestExtensions.SessionCookie), (v, n) => new KeyValuePair<string, string>(n, NonCanonical(v)))));

        // The identity's own cookies, some dropped, plus mangled or invented ones (both of two cookies of one name are
        // sent). The victim's own session cookie is never sent as it is: that would be the victim.
        var own = Gen.Select(Gen.Bool.Array[identity.Cookies.Count], extra.Array[0, 3], (keep, more) =>
            (IReadOnlyList<KeyValuePair<string, string>>)[.. identity.Cookies.Where((_, i) => keep[i]), .. more]);
        return identity.MangledSession is { } session
            ? Gen.Select(Mangled(session), own, (mangled, rest) =>
                (IReadOnlyList<KeyValuePair<string, string>>)[new(AppTestExtensions.SessionCookie, mangled), .. rest])
            : own;
    }

    /// <summary>Cookie values of every length and alphabet, with the session token's length (43) often.</summary>
    private static readonly Gen<string> CookieValue = Gen.Frequency(
        (3, Gen.Char[Base64Url].Array[43].Select(c => new string(c))),
        (2, Gen.OneOf(new string('!', 43), new string('_', 43), new string('-', 43), new string('A', 42) + "=", new string('A', 44), "", "\"\"", "%41")),
        (2, Gen.Char[Base64Url + "!_=+/.%~"].Array[0, 90].Select(c => new string(c))),
        (1, Gen.Char[NonAscii].Array[1, 43].Select(c => new string(c))),
        (1, s_printable),
        (1, Gen.Int[4_000, 9_000].Select(n => new string('A', n))));

    /// <summary>A real value with one bit flipped (in its text or in the bytes it encodes), cut, or grown.</summary>
    private static Gen<string> Mangled(string value) => Gen.Frequency(
        (4, Gen.Int[0, (value.Length * 8) - 1].Select(bit => FlipTextBit(value, bit))),
        (3, Gen.Int[0, 1_000_000].Select(bit => FlipEncodedBit(value, bit))),
        (1, Gen.Int[0, value.Length - 1].Select(length => value[..length])),
        (1, Gen.OneOf("=", "A", "!", "\u00e9", "==").Select(suffix => value + suffix)),
        (1, Gen.Const(NonCanonical(value))));

    private static string FlipTextBit(string value, int bit)
    {
        char[] chars = value.ToCharArray();
        chars[bit / 8] = (char)(chars[bit / 8] ^ (1 << (bit % 8)));
        return new string(chars);
    }

    /// <summary>Flips a bit of what the base64url text encodes: a well-formed value that nobody issued.</summary>
    private static string FlipEncodedBit(string value, int bit)
    {
        byte[] bytes;
        try
        {
            bytes = System.Buffers.Text.Base64Url.DecodeFromChars(value);
        }
        catch (FormatException)
        {
            return FlipTextBit(value, bit % (value.Length * 8));
        }

        if (bytes.Length == 0)
        {
            return value;
        }

        bytes[bit / 8 % bytes.Length] ^= (byte)(1 << (bit % 8));
        return System.Buffers.Text.Base64Url.EncodeToString(bytes);
    }

    /// <summary>
    /// The same bytes with a different last character: 43 base64url characters carry 258 bits for 256, and a lenient
    /// decoder ignores the 2 spare bits. Only the value the server issued is its token.
    /// </summary>
    private static string NonCanonical(string value)
    {
        int last = Base64Url.IndexOf(value[^1], StringComparison.Ordinal);
        return last < 0 ? value + "!" : value[..^1] + Base64Url[last ^ 1];
    }

    private static Gen<FuzzBody?> Body(FuzzMaterial material, FuzzIdentity identity)
    {
        var field = Gen.Frequency(
            (4, Gen.Select(Gen.OneOf("value", "key", "returnUrl", "__RequestVerificationToken", "session", "email", "password", "rememberMe", "tab", "handler", "", "value[", "a[b", "]"), Junk, (n, v) => new KeyValuePair<string, string>(n, v))),
            (2, Gen.OneOf(
                Field("__RequestVerificationToken", identity.Token), Field("value", "dark"), Field("value", "true"), Field("key", "theme"),
                Field("key", "displayName"), Field("session", material.VictimSessionTag), Field("returnUrl", "/\u00e9"), Field("returnUrl", "//evil.example"))));
        var fields = field.Array[0, 6];
        var contentType = Gen.Frequency(
            (6, Gen.Const<string?>("application/x-www-form-urlencoded")),
            (1, Gen.OneOf<string?>(
                null, "application/json", "multipart/form-data", "multipart/form-data; boundary=", "text/plain", "a/b; c",
                "application/x-www-form-urlencoded; charset=utf-7", "application/x-www-form-urlencoded; charset=\u00e9")));
        var small = Gen.Select(fields, contentType, Gen.Bool, (f, type, chunked) => (FuzzBody?)new FuzzBody(type, Encoding.UTF8.GetBytes(Encode(f)), chunked));
        var json = Gen.Select(fields, Gen.Bool, (f, chunked) => (FuzzBody?)new FuzzBody("application/json", Encoding.UTF8.GetBytes(Json(f)), chunked));
        var multipart = Gen.Select(fields, Gen.Bool, Gen.Bool, (f, broken, chunked) => (FuzzBody?)Multipart(f, broken, chunked));
        var garbage = Gen.Select(Gen.Byte.Array[1, 300], contentType, Gen.Bool, (bytes, type, chunked) => (FuzzBody?)new FuzzBody(type, bytes, chunked));
        var oversized = Gen.Select(Gen.Int[BodyLimit + 1, 3 * BodyLimit], fields, Gen.Bool, (size, f, chunked) => (FuzzBody?)Oversized(f, size, chunked));
        var manyFields = Gen.Select(Gen.Int[1_025, 4_000], fields, Gen.Bool, (count, f, chunked) =>
            (FuzzBody?)new FuzzBody("application/x-www-form-urlencoded", Encoding.UTF8.GetBytes(Encode(f) + string.Concat(Enumerable.Repeat("&a=1", count))), chunked));
        return Gen.Frequency(
            (10, Gen.Const((FuzzBody?)null)),
            (8, small),
            (1, json),
            (2, multipart),
            (1, garbage),
            (2, oversized),
            (1, manyFields));
    }

    /// <summary>A form over the limit: the real fields first, so everything the handler needs is there but the size.</summary>
    public static FuzzBody Oversized(IEnumerable<KeyValuePair<string, string>> fields, int size, bool chunked)
    {
        string start = Encode(fields) + "&value=";
        return new FuzzBody("application/x-www-form-urlencoded", Encoding.UTF8.GetBytes(start + new string('A', Math.Max(0, size - start.Length))), chunked);
    }

    public static string Encode(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));

    private static string Json(IEnumerable<KeyValuePair<string, string>> fields) =>
        System.Text.Json.JsonSerializer.Serialize(fields.GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Last().Value));

    private static FuzzBody Multipart(IEnumerable<KeyValuePair<string, string>> fields, bool broken, bool chunked)
    {
        const string Boundary = "fuzzboundary";
        var text = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            text.Append("--").Append(Boundary).Append("\r\nContent-Disposition: form-data; name=\"").Append(name).Append("\"\r\n\r\n").Append(value).Append("\r\n");
        }

        text.Append(broken ? "--" + Boundary + "\r\nContent-Disposition: form-data; name=\"value" : "--" + Boundary + "--\r\n");
        return new FuzzBody("multipart/form-data; boundary=" + Boundary, Encoding.UTF8.GetBytes(text.ToString()), chunked);
    }
}
