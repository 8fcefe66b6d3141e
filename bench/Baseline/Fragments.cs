using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http.HttpResults;

namespace SessionBridge.Bench.Baseline;

/// <summary>The bytes SessionBridge answers for the greeting and for a display-name save, written without Razor.</summary>
internal static class Fragments
{
    public static ContentHttpResult Greeting(string? name) => Html(
        $"<p id=\"greeting\" class=\"greeting\">{(name is null ? "Hello!" : "Hello, " + HtmlEncoder.Default.Encode(name))}</p>\n");

    public static ContentHttpResult SavedRow(string value, DateTimeOffset updatedAt, string token) => Html($"""
        <tr id="row-displayName">
            <th scope="row"><label for="value-displayName">Display name</label> <code>displayName</code></th>
            <td>
                <form method="post" action="/session/displayName" data-hx-post="/session/displayName" data-hx-trigger="input changed delay:300ms, submit" data-hx-target="#row-displayName" data-hx-swap="outerHTML">
                            <input id="value-displayName" name="value" type="text" value="{HtmlEncoder.Default.Encode(value)}" maxlength="40">
                    <button type="submit">Save</button>
                <input name="__RequestVerificationToken" type="hidden" value="{token}" /></form>
            </td>
            <td>
                    <time datetime="{updatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}">{updatedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)}</time>
            </td>
        </tr>


        """);

    private static ContentHttpResult Html(string html) => TypedResults.Content(html, "text/html; charset=utf-8");
}
