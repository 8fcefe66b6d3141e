using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;

namespace SessionBridge.Web.Hosting;

/// <summary>
/// A fragment written in C# as a whole htmx answer, without the view engine: for the two hottest answers (the
/// greeting and a save's "Updated" cell) a Razor partial's view lookup, activation and writer cost more than the
/// request's own work (docs/benchmarks.md).
/// </summary>
public static class HtmlAnswer
{
    /// <summary>The fragment as the answer, encoded as Razor encodes the pages (the app's <see cref="HtmlEncoder"/>).</summary>
    public static ContentResult ToAnswer(this IHtmlContent content, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(context);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        content.WriteTo(writer, context.RequestServices.GetRequiredService<HtmlEncoder>());
        return new ContentResult { Content = writer.ToString(), ContentType = "text/html; charset=utf-8" };
    }
}
