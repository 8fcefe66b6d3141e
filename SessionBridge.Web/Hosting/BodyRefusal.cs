using System.Text;
using Microsoft.Net.Http.Headers;

namespace SessionBridge.Web.Hosting;

/// <summary>
/// Why a request body is refused, and with which status: 400 for a body that does not parse, 408 for one that
/// arrives too slowly, 413 for one too large however it is sent, 415 for content a page cannot read. The reason is
/// ours, never the framework's message: those quote what the client sent (a Content-Disposition, a charset name).
/// </summary>
internal readonly record struct BodyRefusal(int Status, string Reason)
{
    public static readonly BodyRefusal DeclaredTooLarge = new(StatusCodes.Status413PayloadTooLarge, "declared length over the limit");
    public static readonly BodyRefusal NotAForm = new(StatusCodes.Status415UnsupportedMediaType, "content that is not a form");
    public static readonly BodyRefusal UnknownCharset = new(StatusCodes.Status415UnsupportedMediaType, "a charset this app does not read");
    public static readonly BodyRefusal Abandoned = new(StatusCodes.Status499ClientClosedRequest, "the client went away mid-body");
    public static readonly BodyRefusal NoBoundary = new(StatusCodes.Status400BadRequest, "multipart without a boundary");
    public static readonly BodyRefusal LongBoundary = new(StatusCodes.Status400BadRequest, "a multipart boundary over 70 characters");

    /// <summary>RFC 2046's longest boundary. The form reader allows 128 and calls a longer one a limit exceeded.</summary>
    private const int BoundaryLengthLimit = 70;

    private const int Utf7CodePage = 65000;

    /// <summary>
    /// What is wrong with a form's Content-Type before its body is read: a charset the form reader cannot read (an
    /// unknown name, UTF-7, UTF-16, UTF-32), or a multipart type without a boundary or with one over the RFC's 70.
    /// </summary>
    public static BodyRefusal? OfFormType(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type))
        {
            return NotAForm;
        }

        string charset = HeaderUtilities.RemoveQuotes(type.Charset).ToString();
        if (charset.Length > 0 && !Readable(charset))
        {
            return UnknownCharset;
        }

        if (!type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        int boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Length;
        return boundary == 0 ? NoBoundary : boundary > BoundaryLengthLimit ? LongBoundary : null;
    }

    /// <summary>
    /// The refusal for what reading the body threw, or null when it is no fault of the body (a bug of ours: that one
    /// must surface as the error it is).
    /// </summary>
    public static BodyRefusal? Of(Exception exception, bool clientGone) => exception switch
    {
        _ when clientGone => Abandoned,

        // Kestrel's own refusals while the body streams in: over the limit (a chunked body), a body that stalls
        // below the minimum data rate (408), a broken chunk framing or a body cut short (400).
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new(StatusCodes.Status413PayloadTooLarge, "over the limit"),
        BadHttpRequestException { StatusCode: StatusCodes.Status408RequestTimeout } => new(StatusCodes.Status408RequestTimeout, "arrived too slowly (stalled)"),
        BadHttpRequestException bad => new(bad.StatusCode, "broken framing or cut short"),

        // The form reader's limits (field count, key, value and multipart header lengths) say "... limit N exceeded";
        // the rest of its complaints are about a body that does not parse.
        InvalidDataException invalid when invalid.Message.Contains(" limit ", StringComparison.Ordinal) =>
            new(StatusCodes.Status413PayloadTooLarge, "over a limit of the form reader (too many fields or one too long)"),
        InvalidDataException => new(StatusCodes.Status400BadRequest, "a form that does not parse"),

        // The multipart reader's "Unexpected end of Stream": the closing boundary never came.
        IOException => new(StatusCodes.Status400BadRequest, "a multipart body that ends before its closing boundary"),

        // A part that names a charset .NET cannot or will not decode.
        ArgumentException or NotSupportedException => UnknownCharset,
        _ => null,
    };

    // A form's delimiters and percent-escapes are ASCII bytes, and the form reader scans for them byte by byte: in
    // UTF-16 or UTF-32 it would cut characters in half and hand the page garbage. UTF-7 is unsafe (.NET throws for
    // it unless an app switch turns it back on); an unknown name is not guessed as UTF-8.
    private static bool Readable(string charset)
    {
        try
        {
            var encoding = Encoding.GetEncoding(charset);
            return encoding.CodePage != Utf7CodePage && encoding.GetBytes("=&%+").AsSpan().SequenceEqual("=&%+"u8);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }
}
