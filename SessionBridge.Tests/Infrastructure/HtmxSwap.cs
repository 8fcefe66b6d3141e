using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>htmx 2's swap pipeline: response to fragment, out-of-band swaps, hx-select, then the main swap.</summary>
internal static partial class HtmxSwap
{
    /// <param name="select">hx-select: only the matching parts of the response are swapped.</param>
    public static void Swap(IElement target, string response, string style, string? select, bool ignoreTitle, HtmxConfig config)
    {
        var document = target.Owner ?? throw new InvalidOperationException("Swap target has no document.");
        if (style == "textContent")
        {
            target.TextContent = response;
            return;
        }

        var (fragment, title) = MakeFragment(document, response);
        SwapOutOfBand(fragment, document, config);
        foreach (var template in fragment.QuerySelectorAll("template").OfType<IHtmlTemplateElement>().ToList())
        {
            // Templates are how a response carries oob rows and cells that would not parse elsewhere.
            if (SwapOutOfBand(template.Content, document, config))
            {
                template.Remove();
            }
        }

        INode[] content = select is null ? [.. fragment.ChildNodes] : [.. fragment.QuerySelectorAll(select)];
        Apply(style, target, content, config.SwapStyle);

        if (!ignoreTitle && !string.IsNullOrEmpty(title))
        {
            document.Title = title;
        }
    }

    /// <summary>Parses a response like htmx's makeFragment: a full document gives its body, anything else parses as template content.</summary>
    private static (IDocumentFragment Fragment, string? Title) MakeFragment(IDocument document, string response)
    {
        var parser = new HtmlParser();
        var withoutHead = HeadElement().Replace(response, "", 1);
        var startTag = StartTag().Match(withoutHead).Groups[1].Value;
        var fragment = document.CreateDocumentFragment();

        if (startTag.Equals("html", StringComparison.OrdinalIgnoreCase) || startTag.Equals("body", StringComparison.OrdinalIgnoreCase))
        {
            var parsed = parser.ParseDocument(startTag.Equals("html", StringComparison.OrdinalIgnoreCase) ? response : withoutHead);
            fragment.Append([.. parsed.Body?.ChildNodes ?? Enumerable.Empty<INode>()]);
            return (fragment, parsed.Title);
        }

        // A template context lets <tr>, <td>, <option> ... stand at the top level, as in htmx.
        fragment.Append([.. parser.ParseFragment(withoutHead, document.CreateElement("template"))]);
        var title = fragment.Children.FirstOrDefault(c => c.LocalName == "title");
        title?.Remove();
        return (fragment, title?.TextContent);
    }

    private static bool SwapOutOfBand(IParentNode fragment, IDocument document, HtmxConfig config)
    {
        var elements = fragment.QuerySelectorAll("[hx-swap-oob], [data-hx-swap-oob]").ToList();
        foreach (var element in elements)
        {
            if (config.NestedOobSwaps || element.ParentElement is null)
            {
                SwapOutOfBand(HtmxDom.Attr(element, "hx-swap-oob")!, element, document, config);
            }
            else
            {
                element.RemoveAttribute("hx-swap-oob");
                element.RemoveAttribute("data-hx-swap-oob");
            }
        }

        return elements.Count > 0;
    }

    /// <summary>hx-swap-oob="true" (outerHTML of the same id), "style", or "style:selector".</summary>
    private static void SwapOutOfBand(string value, IElement element, IDocument document, HtmxConfig config)
    {
        var style = "outerHTML";
        var selector = $"[id=\"{element.Id?.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"]";
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            style = value[..colon];
            selector = value[(colon + 1)..];
        }
        else if (value != "true")
        {
            style = value;
        }

        element.RemoveAttribute("hx-swap-oob");
        element.RemoveAttribute("data-hx-swap-oob");
        style = style.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "outerHTML";

        // Like htmx, a missing oob target is not an error: the element is just dropped.
        var root = document.DocumentElement;
        foreach (var target in HtmxDom.QueryAll(root, selector))
        {
            var clone = (IElement)element.Clone(deep: true);
            INode[] content = style == "outerHTML" ? [clone] : [.. clone.ChildNodes];
            Apply(style, target, content, config.SwapStyle);
        }

        element.Remove();
    }

    private static void Apply(string style, IElement target, INode[] content, string defaultStyle)
    {
        if (content.Length == 0 && style is not ("delete" or "innerHTML" or "outerHTML"))
        {
            return;
        }

        switch (style)
        {
            case "none":
                break;
            case "delete":
                target.Remove();
                break;
            case "outerHTML" when target.LocalName == "body":
            case "innerHTML":
                while (target.FirstChild is { } child)
                {
                    target.RemoveChild(child);
                }

                target.Append(content);
                break;
            case "outerHTML":
                target.Before(content);
                target.Remove();
                break;
            case "beforebegin":
                target.Before(content);
                break;
            case "afterbegin":
                target.Prepend(content);
                break;
            case "beforeend":
                target.Append(content);
                break;
            case "afterend":
                target.After(content);
                break;
            default:
                // Unknown styles (extensions such as morph) fall back to the configured default, as in htmx.
                Apply(style == defaultStyle ? "innerHTML" : defaultStyle, target, content, defaultStyle);
                break;
        }
    }

    [GeneratedRegex(@"<head(\s[^>]*)?>[\s\S]*?</head>", RegexOptions.IgnoreCase)]
    private static partial Regex HeadElement();

    [GeneratedRegex(@"<([a-z][^/\0>\x20\t\r\n\f]*)", RegexOptions.IgnoreCase)]
    private static partial Regex StartTag();
}
