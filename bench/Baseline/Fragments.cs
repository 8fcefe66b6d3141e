using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SessionBridge.Bench.Baseline;

/// <summary>The bytes SessionBridge answers for the greeting and for a display-name save, written without Razor.</summary>
internal static class Fragments
{
    public static ContentHttpResult Greeting(string? name) => Html(
        $"<p id=\"greeting\" class=\"greeting\">{(name is null ? "Hello!" : "Hello, " + HtmlEncoder.Default.Encode(name))}</p>\n");

    /// <summary>A save's answer: the row's "Updated" cell (SessionBridge's _SessionRowUpdated partial).</summary>
    public static ContentHttpResult UpdatedCell(DateTimeOffset updatedAt) => Html($"""
        <td id="row-displayName-updated">
                <time datetime="{updatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}">{updatedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}</time>
        </td>

        """);

    private static ContentHttpResult Html(string html) => TypedResults.Content(html, "text/html; charset=utf-8");
}
