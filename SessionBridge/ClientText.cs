using System.Globalization;
using System.Text;

namespace SessionBridge;

/// <summary>
/// What a client sent (a path, a route value, a header), made safe to put in a log line: a control character would
/// start a forged line ("x\nfail: ...") and a long value would fill the log, so every character outside printable ASCII
/// is escaped (\n, \x1B, \u00E9; a backslash is doubled, so an escape cannot be faked either) and the result is cut at
/// <see cref="MaxLength"/> characters with a marker saying how long the value was.
/// </summary>
public static class ClientText
{
    /// <summary>The longest text a log line gets, escapes included, before the cut marker.</summary>
    public const int MaxLength = 64;

    public static string ForLog(PathString path) => ForLog(path.Value);

    public static string ForLog(string? text)
    {
        if (text is null)
        {
            return string.Empty;
        }

        // Nearly every value is short, printable ASCII: it is logged as it is, without a copy.
        if (text.Length <= MaxLength && !text.AsSpan().ContainsAnyExceptInRange(' ', '~') && !text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var escaped = new StringBuilder(MaxLength + 32);
        for (int i = 0; i < text.Length; i++)
        {
            string piece = Escape(text[i]);
            if (escaped.Length + piece.Length > MaxLength)
            {
                return escaped.Append(CultureInfo.InvariantCulture, $"...[cut, {text.Length} chars]").ToString();
            }

            escaped.Append(piece);
        }

        return escaped.ToString();
    }

    private static string Escape(char c) => c switch
    {
        '\\' => @"\\",
        '\n' => @"\n",
        '\r' => @"\r",
        '\t' => @"\t",
        < ' ' or '\u007f' => $@"\x{(int)c:X2}",
        > '~' => $@"\u{(int)c:X4}",
        _ => c.ToString(),
    };
}
