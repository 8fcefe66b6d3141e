using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace SessionBridge.Testing;

/// <summary>htmx 2's swap of a response into its target, for the styles the driver emulates: innerHTML, outerHTML, none.</summary>
internal static class HtmxSwap
{
    /// <param name="target">The element hx-target (or HX-Retarget) chose.</param>
    /// <param name="response">The answer's body, an HTML fragment.</param>
    /// <param name="swap">An hx-swap value: the style, then modifiers (swap:1s, …) that timing-free tests can ignore.</param>
    public static void Swap(IElement target, string response, string? swap)
    {
        var style = swap?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "innerHTML";
        switch (style)
        {
            case "none":
                return;
            case "innerHTML":
                target.ReplaceChildren(Parse(target, response));
                return;
            case "outerHTML":
                target.Before(Parse(target, response));
                target.Remove();
                return;
            default:
                throw new NotSupportedException($"hx-swap \"{swap}\": the driver swaps innerHTML, outerHTML and none only.");
        }
    }

    /// <summary>Like htmx's makeFragment, a template context lets &lt;tr&gt;, &lt;td&gt;, &lt;option&gt; … stand at the top level.</summary>
    private static INode[] Parse(IElement target, string response)
    {
        var document = target.Owner ?? throw new InvalidOperationException("Swap target has no document.");
        INode[] nodes = [.. new HtmlParser().ParseFragment(response, document.CreateElement("template"))];
        if (nodes.OfType<IElement>().SelectMany(e => e.QuerySelectorAll("*").Prepend(e)).Any(e => HtmxDom.Attr(e, "hx-swap-oob") is not null))
        {
            throw new NotSupportedException("hx-swap-oob in an answer: the driver does not emulate out-of-band swaps; test this in a real browser.");
        }

        return nodes;
    }
}
