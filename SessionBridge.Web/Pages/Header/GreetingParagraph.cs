using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Localization;
using SessionBridge.Keys;
using SessionBridge.Sessions;
using SessionBridge.Web.Hosting;
using SessionBridge.Web.Localization;
using SessionBridge.Web.Pages.Session;

namespace SessionBridge.Web.Pages.Header;

/// <summary>
/// The greeting: the display name the session holds, else the signed-in user's, else an anonymous hello. In the
/// layout's header, alone the answer to GET /header/greeting, and out of band in a save of the display name; written in C# because that is the app's most
/// frequent answer (see <see cref="HtmlAnswer"/>).
/// </summary>
/// <param name="outOfBand">Marked hx-swap-oob, to ride along in a save's answer and replace the greeting on the page.</param>
public sealed class GreetingParagraph(string? name, IStringLocalizer<Strings> text, bool outOfBand = false) : IHtmlContent
{
    /// <summary>The paragraph's id, which the display name key names as a fragment that shows it.</summary>
    public const string Id = "greeting";

    public static GreetingParagraph For(HttpContext context, SessionDataTable table, IStringLocalizer<Strings> text, bool outOfBand = false)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(table);
        string stored = table.Value(context.Session, AppSessionKeys.DisplayName);
        return new GreetingParagraph(stored.Length > 0 ? stored : context.User.Identity?.Name, text, outOfBand);
    }

    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(encoder);
        writer.Write(outOfBand ? "<p id=\"" + Id + "\" class=\"greeting\" hx-swap-oob=\"true\">" : "<p id=\"" + Id + "\" class=\"greeting\">");
        encoder.Encode(writer, name is null ? text["Greeting.Anonymous"] : text["Greeting.Named", name]);
        writer.Write("</p>\n");
    }
}
