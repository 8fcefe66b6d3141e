using System.Globalization;
using System.Text;

namespace SessionBridge.Tests.Fuzz;

/// <summary>
/// One request exactly as it goes over the wire (HTTP/1.1 on a connection of its own), so what a failure prints is
/// what was sent: method, target, headers, cookies and body, byte for byte, with unprintable characters escaped.
/// </summary>
public sealed record FuzzRequest(
    string Method,
    string Target,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    IReadOnlyList<KeyValuePair<string, string>> Cookies,
    FuzzBody? Body,
    string Source)
{
    /// <summary>Stands for the session cookie of a bob signed in just before the request (a logout form ends it).</summary>
    public const string FreshBobSession = "<a session of bob signed in just before this request>";

    private const int PrintedValueLength = 160;

    public bool IsHtmx => Headers.Any(h => h.Key.Equals("HX-Request", StringComparison.OrdinalIgnoreCase));

    /// <summary>The cookies as sent, with the fresh session (if any) in place.</summary>
    public FuzzRequest WithFreshSession(string token) =>
        this with { Cookies = [.. Cookies.Select(c => c.Value == FreshBobSession ? new KeyValuePair<string, string>(c.Key, token) : c)] };

    public byte[] ToBytes(string host)
    {
        var head = new StringBuilder();
        head.Append(Method).Append(' ').Append(Target).Append(" HTTP/1.1\r\n");
        if (!Headers.Any(h => h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append("Host: ").Append(host).Append("\r\n");
        }

        // One request per connection: the answer ends when the server closes it, whatever framing it chose.
        head.Append("Connection: close\r\n");
        foreach (var (name, value) in Headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (Cookies.Count > 0)
        {
            head.Append("Cookie: ").AppendJoin("; ", Cookies.Select(c => c.Key + "=" + c.Value)).Append("\r\n");
        }

        if (Body is { } body)
        {
            if (body.ContentType is not null)
            {
                head.Append("Content-Type: ").Append(body.ContentType).Append("\r\n");
            }

            head.Append(body.Chunked ? "Transfer-Encoding: chunked\r\n" : string.Create(CultureInfo.InvariantCulture, $"Content-Length: {body.Bytes.Length}\r\n"));
        }

        head.Append("\r\n");
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(head.ToString()));
        if (Body is { Chunked: true } chunked)
        {
            foreach (var part in chunked.Bytes.Chunk(16 * 1024))
            {
                bytes.AddRange(Encoding.ASCII.GetBytes(part.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"));
                bytes.AddRange(part);
                bytes.AddRange("\r\n"u8.ToArray());
            }

            bytes.AddRange("0\r\n\r\n"u8.ToArray());
        }
        else if (Body is { } plain)
        {
            bytes.AddRange(plain.Bytes);
        }

        return [.. bytes];
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"({Source})\n");
        text.Append(Printable(Method)).Append(' ').Append(Printable(Target)).Append('\n');
        foreach (var (name, value) in Headers)
        {
            text.Append(Printable(name)).Append(": ").Append(Printable(value)).Append('\n');
        }

        foreach (var (name, value) in Cookies)
        {
            text.Append("Cookie: ").Append(Printable(name)).Append('=').Append(Printable(value)).Append('\n');
        }

        if (Body is { } body)
        {
            text.Append(CultureInfo.InvariantCulture, $"Content-Type: {Printable(body.ContentType ?? "(none)")}\n");
            text.Append(CultureInfo.InvariantCulture, $"({body.Bytes.Length:N0} bytes, {(body.Chunked ? "chunked" : "with Content-Length")})\n");
            text.Append(Printable(Encoding.UTF8.GetString(body.Bytes)));
        }

        return text.ToString();
    }

    /// <summary>Escapes what a terminal would hide or mangle, and cuts long values to their start and length.</summary>
    internal static string Printable(string value)
    {
        var text = new StringBuilder();
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value is < 0x20 or 0x7f or 0xfffd)
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
            }
            else if (rune.Value > 0x7e)
            {
                text.Append(CultureInfo.InvariantCulture, $"\\u{{{rune.Value:x}}}");
            }
            else
            {
                text.Append(rune.ToString());
            }
        }

        return text.Length <= PrintedValueLength
            ? text.ToString()
            : string.Create(CultureInfo.InvariantCulture, $"{text.ToString(0, PrintedValueLength)}... ({value.Length:N0} characters)");
    }
}
