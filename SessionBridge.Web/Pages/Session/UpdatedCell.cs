using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;
using SessionBridge.Keys;
using SessionBridge.Web.Hosting;
using SessionBridge.Web.Localization;

namespace SessionBridge.Web.Pages.Session;

/// <summary>
/// The "Updated" cell of a row: inside the whole row (_SessionRow) and, alone, the answer to a save from that row.
/// Written in C# rather than as a Razor partial: it is the hottest answer of the app (see <see cref="HtmlAnswer"/>).
/// No form, no antiforgery token.
/// </summary>
public sealed class UpdatedCell(SessionRow row, IStringLocalizer<Strings> text) : IHtmlContent
{
    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(encoder);
        writer.Write("<td id=\"");
        encoder.Encode(writer, SessionRowIds.Updated(row.Key.Name));
        writer.Write("\" data-label=\"");
        encoder.Encode(writer, text["Session.Updated"]);
        writer.Write("\">\n        ");
        if (row.UpdatedAt is { } updated)
        {
            writer.Write("<time datetime=\"");
            writer.Write(updated.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            writer.Write("\">");
            encoder.Encode(writer, text["Time.Utc", updated.UtcDateTime.ToString("G", CultureInfo.CurrentCulture)]);
            writer.Write("</time>");
        }
        else
        {
            writer.Write("<span>");
            encoder.Encode(writer, text["Session.Default"]);
            writer.Write("</span>");
        }

        writer.Write("\n</td>\n");
    }
}
