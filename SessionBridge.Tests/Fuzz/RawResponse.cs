using System.Globalization;
using System.Text;

namespace SessionBridge.Tests.Fuzz;

/// <summary>What the server answered on the wire: the status, the headers and (the start of) the body.</summary>
public sealed record RawResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public IEnumerable<string> All(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);

    /// <summary>Parses "HTTP/1.1 200 OK\r\nName: value\r\n...\r\n\r\nbody"; a chunked body is unframed.</summary>
    public static RawResponse Parse(byte[] data, int headerEnd)
    {
        string head = Encoding.Latin1.GetString(data, 0, headerEnd);
        string[] lines = head.Split("\r\n");
        string[] statusLine = lines[0].Split(' ', 3);
        if (statusLine.Length < 2 || !statusLine[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || !int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out int status))
        {
            throw new FormatException("Not an HTTP status line: " + FuzzRequest.Printable(lines[0]));
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }

        var body = data.AsSpan(headerEnd + 4);
        bool chunked = headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
            && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        return new RawResponse(status, headers, Encoding.UTF8.GetString(chunked ? Unchunk(body) : body));
    }

    private static byte[] Unchunk(ReadOnlySpan<byte> body)
    {
        var data = new List<byte>();
        while (body.Length > 0)
        {
            int lineEnd = body.IndexOf("\r\n"u8);
            if (lineEnd < 0 || !int.TryParse(Encoding.ASCII.GetString(body[..lineEnd]).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int size) || size == 0)
            {
                break;
            }

            body = body[(lineEnd + 2)..];
            data.AddRange(body[..Math.Min(size, body.Length)]);
            body = body[Math.Min(size + 2, body.Length)..];
        }

        return [.. data];
    }
}
