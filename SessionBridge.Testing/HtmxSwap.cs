using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace SessionBridge.Testing;

/// <summary>
/// htmx 2's swap of a response into its target, for the styles the driver emulates: innerHTML, outerHTML, none; and
/// its out-of-band swaps of answer elements marked <c>hx-swap-oob="true"</c> (or <c>"outerHTML"</c>), also inside a
/// &lt;template&gt;.
/// </summary>
internal static class HtmxSwap
{
    /// <param name="target">The element hx-target (or HX-Retarget) chose.</param>
    /// <param name="response">The answer's body, an HTML fragment.</param>
    /// <param name="swap">An hx-swap value: the style, then modifiers (swap:1s, …) that timing-free tests can ignore.</param>
    public static void Swap(IElement target, string response, string? swap)
    {
        var document = target.Owner ?? throw new InvalidOperationException("Swap target has no document.");
        var fragment = Parse(document, response);

        // As htmx does: out-of-band elements first, whatever the swap style (even none), then those in a <template>
        // (where an answer that is table content keeps them, since the parser would drop a <form> after a cell),
        // each template going with them; then the rest into the target.
        SwapOutOfBand(document, fragment);
        foreach (var template in fragment.QuerySelectorAll("template").OfType<IHtmlTemplateElement>().ToList())
        {
            if (SwapOutOfBand(document, template.Content))
            {
                template.Remove();
            }
        }

        var style = swap?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "innerHTML";
        switch (style)
        {
            case "none":
                return;
            case "innerHTML":
                target.ReplaceChildren([.. fragment.ChildNodes]);
                return;
            case "outerHTML":
                target.Before([.. fragment.ChildNodes]);
                target.Remove();
                return;
            default:
                throw new NotSupportedException($"hx-swap \"{swap}\": the driver swaps innerHTML, outerHTML and none only.");
        }
    }

    /// <summary>
    /// htmx's findAndSwapOobElements with allowNestedOobSwaps on (its default): every element of the answer marked
    /// hx-swap-oob, nested or not, leaves the answer and replaces each element of the page with its id, without the mark.
    /// </summary>
    /// <returns>Whether the fragment had any.</returns>
    private static bool SwapOutOfBand(IDocument document, IDocumentFragment fragment)
    {
        var marked = fragment.QuerySelectorAll("[hx-swap-oob], [data-hx-swap-oob]").ToList();
        foreach (var element in marked)
        {
            var value = HtmxDom.Attr(element, "hx-swap-oob");
            if (value is not ("true" or "outerHTML"))
            {
                throw new NotSupportedException(
                    $"hx-swap-oob=\"{value}\": the driver swaps out of band \"true\" and \"outerHTML\" only (an element replacing the one with its id).");
            }

            element.RemoveAttribute("hx-swap-oob");
            element.RemoveAttribute("data-hx-swap-oob");
            element.Remove();

            // htmx drops an out-of-band element with no match and only fires htmx:oobErrorNoTarget; a test should hear it.
            var id = element.Id;
            var matches = string.IsNullOrEmpty(id) ? [] : document.All.Where(e => e.Id == id).ToList();
            if (matches.Count == 0)
            {
                throw new InvalidOperationException(
                    $"An out-of-band <{element.LocalName}{(string.IsNullOrEmpty(id) ? "" : $" id=\"{id}\"")}> in the answer has no element with its id on the page.");
            }

            foreach (var match in matches)
            {
                match.Replace(element.Clone());
            }
        }

        return marked.Count > 0;
    }

    /// <summary>Like htmx's makeFragment, a template context lets &lt;tr&gt;, &lt;td&gt;, &lt;option&gt; … stand at the top level.</summary>
    private static IDocumentFragment Parse(IDocument document, string response)
    {
        var fragment = document.CreateDocumentFragment();
        fragment.Append([.. new HtmlParser().ParseFragment(response, document.CreateElement("template"))]);
        return fragment;
    }
}
