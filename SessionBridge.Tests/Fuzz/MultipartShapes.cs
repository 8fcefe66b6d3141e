using System.Text;
using CsCheck;

namespace SessionBridge.Tests.Fuzz;

/// <summary>
/// multipart/form-data as no browser sends it: boundaries random, empty, missing, quoted, non-ASCII or far past the
/// 70 characters RFC 2046 allows, a body that uses another boundary than its header, parts with broken, missing,
/// too many or huge headers, file parts over the body limit, and bodies cut short anywhere or never closed.
/// </summary>
public static class MultipartShapes
{
    private const string TokenChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'+_-.";

    // Mostly what a header carries unquoted; sometimes RFC 2046's other characters, which need quotes.
    private static readonly Gen<string> Boundary = Gen.Frequency(
        (6, Gen.Char[TokenChars].Array[1, 70].Select(c => new string(c))),
        (1, Gen.Char[TokenChars + "()+,/:=? "].Array[1, 70].Select(c => new string(c))),
        (2, Gen.Int[71, 300].Select(n => new string('b', n))),
        (1, Gen.OneOf("", "zz", "\"quoted boundary\"", "\u00e9t\u00e9", "a;b", "--", "z z")));

    /// <summary>What the Content-Type header says about the boundary.</summary>
    private static readonly Gen<Func<string, string>> Header = Gen.Frequency(
        (8, Gen.Const<Func<string, string>>(b => "multipart/form-data; boundary=" + b)),
        (1, Gen.OneOf<Func<string, string>>(
            _ => "multipart/form-data",
            _ => "multipart/form-data; boundary=",
            b => "multipart/form-data; boundary=\"" + b + "\"",
            b => "multipart/form-data; boundary=" + b + "; boundary=other",
            b => "Multipart/Form-Data;boundary=" + b,
            b => "multipart/form-data; charset=utf-16; boundary=" + b,
            b => "multipart/form-data; boundary=" + b + "; charset=utf-7",
            b => "multipart/form-data; boundary=" + b + "; charset=nonsense",
            b => "multipart/mixed; boundary=" + b)));

    private static readonly Gen<string> PartHeaders = Gen.Frequency(
        (6, Gen.Const("Content-Disposition: form-data; name=\"{0}\"\r\n")),
        (2, Gen.Const("Content-Disposition: form-data; name=\"{0}\"; filename=\"f.txt\"\r\nContent-Type: application/octet-stream\r\n")),
        (1, Gen.OneOf(
            "",
            "Content-Disposition: form-data\r\n",
            "Content-Disposition: attachment; name=\"{0}\"\r\n",
            "Content-Disposition: form-data; name=\"{0}\r\n",
            "Content-Disposition: form-data; name={0}; name*=UTF-8''%ZZ\r\n",
            "Content-Disposition: form-data; name=\"{0}\"\r\nContent-Type: text/plain; charset=utf-16\r\n",
            "no colon here\r\n",
            ": empty name\r\n",
            "Content-Disposition: form-data; name=\"\u00e9\"\r\n")),
        (1, Gen.Int[17, 40].Select(n => "Content-Disposition: form-data; name=\"{0}\"\r\n" + string.Concat(Enumerable.Range(0, n).Select(i => $"X-{i}: x\r\n")))),
        (1, Gen.Int[16_000, 20_000].Select(n => "Content-Disposition: form-data; name=\"{0}\"\r\nX-Long: " + new string('x', n) + "\r\n")));

    // A file part just over the limit finds what a bigger one would, in less time.
    private static readonly Gen<byte[]> PartContent = Gen.Frequency(
        (8, HostileRequests.Junk.Select(Encoding.UTF8.GetBytes)),
        (4, Gen.Byte.Array[0, 300]),
        (1, Gen.Int[HostileRequests.BodyLimit + 1, HostileRequests.BodyLimit + 4096].Select(n => new byte[n])));

    /// <summary>
    /// A multipart body around <paramref name="fields"/> (the identity's real ones, so an intact body reaches the
    /// handler), and its Content-Type.
    /// </summary>
    public static Gen<FuzzBody> For(IReadOnlyList<KeyValuePair<string, string>> fields) =>
        Gen.Select(Boundary, Header, Gen.Int[0, 9], Gen.Select(PartHeaders, PartContent).Array[0, 3], Ending, Gen.Bool, (boundary, header, mismatch, extra, ending, chunked) =>
        {
            var body = new MemoryStream();
            // One body in ten uses another boundary than its header names.
            string used = mismatch == 0 ? boundary + "x" : boundary.Trim('"');
            foreach (var (name, value) in fields)
            {
                Part(body, used, "Content-Disposition: form-data; name=\"{0}\"\r\n", name, Encoding.UTF8.GetBytes(value));
            }

            foreach (var (headers, content) in extra)
            {
                Part(body, used, headers, "value", content);
            }

            byte[] bytes = ending(body.ToArray(), used);
            return new FuzzBody(header(boundary), bytes, chunked);
        });

    /// <summary>Closed as it should be, never closed, cut anywhere, followed by junk, or with bare LF line ends.</summary>
    private static readonly Gen<Func<byte[], string, byte[]>> Ending = Gen.Frequency(
        (4, Gen.Const<Func<byte[], string, byte[]>>((body, b) => [.. body, .. Encoding.ASCII.GetBytes("--" + b + "--\r\n")])),
        (1, Gen.Const<Func<byte[], string, byte[]>>((body, _) => body)),
        (2, Gen.Double[0, 1].Select<double, Func<byte[], string, byte[]>>(cut => (body, _) => body[..(int)(body.Length * cut)])),
        (1, Gen.Byte.Array[1, 100].Select<byte[], Func<byte[], string, byte[]>>(junk => (body, b) => [.. body, .. Encoding.ASCII.GetBytes("--" + b + "--\r\n"), .. junk])),
        (1, Gen.Const<Func<byte[], string, byte[]>>((body, b) => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("\r\n", "\n", StringComparison.Ordinal) + "--" + b + "--\n"))));

    private static void Part(MemoryStream body, string boundary, string headers, string name, byte[] content)
    {
        body.Write(Encoding.UTF8.GetBytes("--" + boundary + "\r\n" + headers.Replace("{0}", name, StringComparison.Ordinal) + "\r\n"));
        body.Write(content);
        body.Write("\r\n"u8);
    }
}
