using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SessionBridge.Bench.Baseline;

/// <summary>The bytes SessionBridge answers for the greeting and for a display-name save, written without Razor.</summary>
internal static class Fragments
{
    // SessionBridge shows times in the page's language; English when nobody chose one.
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    public static ContentHttpResult Greeting(string? name) => Html(
        $"<p id=\"greeting\" class=\"greeting\">{(name is null ? "Hello!" : "Hello, " + HtmlEncoder.Default.Encode(name))}</p>\n");

    /// <summary>A save's answer: the row's "Updated" cell (SessionBridge's UpdatedCell).</summary>
    public static ContentHttpResult UpdatedCell(DateTimeOffset updatedAt) => Html($"""
        <td id="row-displayName-updated" data-label="Updated">
                <time datetime="{updatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}">{HtmlEncoder.Default.Encode(updatedAt.UtcDateTime.ToString("G", English))} UTC</time>
        </td>

        """);

    private static ContentHttpResult Html(string html) => TypedResults.Content(html, "text/html; charset=utf-8");
}
