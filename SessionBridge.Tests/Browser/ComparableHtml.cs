using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace SessionBridge.Tests.Browser;

/// <summary>
/// An element's outerHTML as lines that compare equal when two renderings mean the same to a user: attributes
/// sorted, whitespace collapsed, comments dropped, htmx's transient classes gone, and values that differ on every
/// run (antiforgery tokens, tab ids, session tags, times, time to live) replaced by a placeholder.
/// </summary>
public static partial class ComparableHtml
{
    public static IReadOnlyList<string> Lines(string? outerHtml)
    {
        if (outerHtml is null)
        {
            return ["(missing)"];
        }

        // A template context parses a lone <tr> (a session row) as it stands in its table.
        var parser = new HtmlParser();
        var context = parser.ParseDocument("").CreateElement("template");
        var lines = new List<string>();
        foreach (var node in parser.ParseFragment(outerHtml, context))
        {
            Write(node, 0, lines);
        }

        return lines;
    }

    /// <summary>Null when the two are the same; otherwise a line diff, "-" for the first and "+" for the second.</summary>
    public static string? Diff(IReadOnlyList<string> first, IReadOnlyList<string> second)
    {
        if (first.SequenceEqual(second))
        {
            return null;
        }

        // Longest common subsequence: regions are a few hundred lines at most.
        var common = new int[first.Count + 1, second.Count + 1];
        for (var i = first.Count - 1; i >= 0; i--)
        {
            for (var j = second.Count - 1; j >= 0; j--)
            {
                common[i, j] = first[i] == second[j] ? common[i + 1, j + 1] + 1 : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var diff = new StringBuilder();
        int a = 0, b = 0;
        while (a < first.Count || b < second.Count)
        {
            if (a < first.Count && b < second.Count && first[a] == second[b])
            {
                diff.Append("  ").AppendLine(first[a++]);
                b++;
            }
            else if (a < first.Count && (b == second.Count || common[a + 1, b] >= common[a, b + 1]))
            {
                diff.Append("- ").AppendLine(first[a++]);
            }
            else
            {
                diff.Append("+ ").AppendLine(second[b++]);
            }
        }

        return diff.ToString();
    }

    private static void Write(INode node, int depth, List<string> lines)
    {
        var indent = new string(' ', depth * 2);
        switch (node)
        {
            case IElement element:
                lines.Add(indent + StartTag(element));
                if (IsVolatileText(element))
                {
                    lines.Add(indent + "  (varies)");
                    break;
                }

                foreach (var child in element.ChildNodes)
                {
                    Write(child, depth + 1, lines);
                }

                break;
            case IText text when Whitespace().Replace(text.Data, " ").Trim() is { Length: > 0 } words:
                lines.Add(indent + words);
                break;
        }
    }

    private static string StartTag(IElement element)
    {
        var attributes = element.Attributes
            .Select(a => (a.Name, Value: Normalize(element, a.Name, a.Value)))
            .Where(a => a.Value is not null)
            .OrderBy(a => a.Name, StringComparer.Ordinal)
            .Select(a => $" {a.Name}=\"{a.Value}\"");
        return $"<{element.LocalName}{string.Concat(attributes)}>";
    }

    /// <summary>The attribute's comparable value, or null to leave it out.</summary>
    private static string? Normalize(IElement element, string name, string value)
    {
        var fieldName = element.GetAttribute("name");
        return name switch
        {
            // htmx-added, htmx-settling, htmx-swapping, htmx-request come and go while htmx works.
            "class" => string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(c => !c.StartsWith("htmx-", StringComparison.Ordinal))) is { Length: > 0 } kept ? kept : null,
            "value" when fieldName is "__RequestVerificationToken" or "tab" or "session" => "(varies)",
            "datetime" when element.LocalName == "time" => "(varies)",
            "id" when SessionRowId().IsMatch(value) => "session-(varies)",
            _ => Whitespace().Replace(value, " ").Trim(),
        };
    }

    /// <summary>Times, and the store inspector's hashed session id and time to live.</summary>
    private static bool IsVolatileText(IElement element) =>
        element.LocalName == "time" || (element.LocalName == "dd" && element.GetAttribute("data-field") is "session" or "ttl");

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^session-[0-9A-Za-z_-]+$")]
    private static partial Regex SessionRowId();
}
