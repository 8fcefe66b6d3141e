using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>How htmx 2 reads the DOM: attributes, extended selectors, request parameters, event listeners.</summary>
internal static class HtmxDom
{
    public static readonly string[] Verbs = ["get", "post", "put", "patch", "delete"];

    /// <summary>htmx accepts every attribute with a data- prefix too.</summary>
    public static string? Attr(IElement element, string name) =>
        element.GetAttribute(name) ?? element.GetAttribute("data-" + name);

    /// <summary>The value from the element or its nearest ancestor that has it, and that ancestor.</summary>
    public static (string? Value, IElement? Owner) Inherited(IElement element, string name)
    {
        for (var current = element; current is not null; current = current.ParentElement)
        {
            if (Attr(current, name) is { } value)
            {
                return (value, current);
            }
        }

        return (null, null);
    }

    public static (string Method, string Path)? Verb(IElement element)
    {
        foreach (var verb in Verbs)
        {
            if (Attr(element, "hx-" + verb) is { } path)
            {
                return (verb, path);
            }
        }

        return null;
    }

    /// <summary>hx-target: "this" is the element bearing the attribute, which may be an ancestor.</summary>
    public static IElement? Target(IElement element)
    {
        var (value, owner) = Inherited(element, "hx-target");
        return value switch
        {
            null or "" => element,
            "this" => owner,
            _ => QueryAll(element, value).FirstOrDefault(),
        };
    }

    /// <summary>htmx's extended selectors: comma-separated parts, each relative (closest/find/next/previous) or global CSS.</summary>
    public static List<IElement> QueryAll(IElement from, string selector)
    {
        var document = from.Owner ?? throw new InvalidOperationException("Element has no document.");
        var result = new List<IElement>();
        var css = new List<string>();
        foreach (var raw in SplitOutside(selector, ',', '<', '>'))
        {
            var part = Normalize(raw);
            IElement? item = part switch
            {
                "next" or "nextElementSibling" => from.NextElementSibling,
                "previous" or "previousElementSibling" => from.PreviousElementSibling,
                "body" => document.Body,
                "document" or "root" => document.DocumentElement,
                _ when part.StartsWith("closest ", StringComparison.Ordinal) => from.Closest(Normalize(part[8..])),
                _ when part.StartsWith("find ", StringComparison.Ordinal) => from.QuerySelector(Normalize(part[5..])),
                _ when part.StartsWith("next ", StringComparison.Ordinal) => document.QuerySelectorAll(Normalize(part[5..]))
                    .FirstOrDefault(e => e.CompareDocumentPosition(from) == DocumentPositions.Preceding),
                _ when part.StartsWith("previous ", StringComparison.Ordinal) => document.QuerySelectorAll(Normalize(part[9..]))
                    .LastOrDefault(e => e.CompareDocumentPosition(from) == DocumentPositions.Following),
                _ => null,
            };

            if (item is not null)
            {
                result.Add(item);
            }
            else if (!IsKeywordSelector(part))
            {
                css.Add(part);
            }
        }

        if (css.Count > 0)
        {
            result.AddRange(document.QuerySelectorAll(string.Join(',', css)));
        }

        return result;
    }

    /// <summary>
    /// What htmx 2's getInputValues sends: for non-GET the related form (taking precedence), the element itself,
    /// the clicked button, and hx-include.
    /// </summary>
    public static List<KeyValuePair<string, string>> InputValues(IElement element, string verb, IElement? submitter)
    {
        var processed = new HashSet<IElement>();
        var values = new List<KeyValuePair<string, string>>();
        var priority = new List<KeyValuePair<string, string>>();

        if (verb != "get" && RelatedForm(element) is { } form)
        {
            Collect(form, priority, processed);
        }

        Collect(element, values, processed);

        var button = submitter ?? (element is IHtmlButtonElement or IHtmlInputElement { Type: "submit" } ? element : null);
        if (button?.GetAttribute("name") is { } buttonName)
        {
            priority.Add(new(buttonName, ValueOf(button)));
        }

        var (include, includeOwner) = Inherited(element, "hx-include");
        if (include is not null)
        {
            var included = include == "this" ? [includeOwner!] : QueryAll(element, include);
            foreach (var node in included)
            {
                Collect(node, values, processed);
                if (node is not IHtmlFormElement)
                {
                    foreach (var descendant in node.QuerySelectorAll("input, textarea, select"))
                    {
                        Collect(descendant, values, processed);
                    }
                }
            }
        }

        return Override(values, priority);
    }

    /// <summary>The HTML form data set ("constructing the entry list"), as a browser submits it.</summary>
    public static List<KeyValuePair<string, string>> FormData(IHtmlFormElement form, IElement? submitter)
    {
        var entries = new List<KeyValuePair<string, string>>();
        foreach (var control in form.Elements)
        {
            if (IsButton(control) && control != submitter)
            {
                continue;
            }

            AddControl(control, entries, includeButtons: true);
        }

        return entries;
    }

    /// <summary>Later values replace every earlier value of the same name (htmx's overrideFormData).</summary>
    public static List<KeyValuePair<string, string>> Override(
        List<KeyValuePair<string, string>> receiver,
        IReadOnlyCollection<KeyValuePair<string, string>> donor)
    {
        var names = donor.Select(d => d.Key).ToHashSet(StringComparer.Ordinal);
        receiver.RemoveAll(r => names.Contains(r.Key));
        receiver.AddRange(donor);
        return receiver;
    }

    /// <summary>hx-vals / hx-headers: JSON objects merged up the tree, nearer elements winning; "unset" stops inheritance.</summary>
    public static List<KeyValuePair<string, string>> JsonValues(IElement element, string attribute)
    {
        var values = new List<KeyValuePair<string, string>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = element; current is not null; current = current.ParentElement)
        {
            var raw = Attr(current, attribute)?.Trim();
            if (string.IsNullOrEmpty(raw))
            {
                continue;
            }

            if (raw == "unset")
            {
                break;
            }

            if (raw.StartsWith("js:", StringComparison.Ordinal) || raw.StartsWith("javascript:", StringComparison.Ordinal))
            {
                throw new NotSupportedException($"{attribute}=\"{raw}\" needs JavaScript, which this driver cannot run.");
            }

            using var json = JsonDocument.Parse(raw.StartsWith('{') ? raw : "{" + raw + "}");
            foreach (var property in json.RootElement.EnumerateObject().Where(p => seen.Add(p.Name)))
            {
                values.AddRange(JsonStrings(property.Value).Select(v => new KeyValuePair<string, string>(property.Name, v)));
            }
        }

        return values;
    }

    /// <summary>Splits an hx-trigger value into (event, from) pairs; filters like [ctrlKey] are ignored.</summary>
    public static IEnumerable<(string Event, string? From)> TriggerSpecs(string triggers)
    {
        foreach (var spec in SplitOutside(triggers, ',', '[', ']'))
        {
            var tokens = spec.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0)
            {
                continue;
            }

            var name = tokens[0].Split('[')[0];
            string? from = null;
            for (var i = 1; i < tokens.Length; i++)
            {
                if (tokens[i].StartsWith("from:", StringComparison.Ordinal))
                {
                    from = tokens[i][5..];
                    if (from is "closest" or "find" or "next" or "previous" && i + 1 < tokens.Length)
                    {
                        from += " " + tokens[++i];
                    }
                }
            }

            yield return (name, from);
        }
    }

    /// <summary>
    /// htmx elements that hear <paramref name="eventName"/> dispatched on <paramref name="source"/> as it bubbles
    /// up to the document: listeners on an ancestor-or-self, or whose from: names one (document/window always hear it).
    /// </summary>
    public static List<IElement> Listeners(IDocument document, string eventName, IElement source)
    {
        var path = source.AncestorsAndSelf().ToHashSet();
        var listeners = new List<IElement>();
        foreach (var element in document.QuerySelectorAll("[hx-trigger], [data-hx-trigger]").Where(e => Verb(e) is not null))
        {
            var hears = TriggerSpecs(Attr(element, "hx-trigger")!).Any(spec => spec.Event == eventName && spec.From switch
            {
                null => path.Contains(element),
                "document" or "window" => true,
                _ => QueryAll(element, spec.From).Any(path.Contains),
            });
            if (hears)
            {
                listeners.Add(element);
            }
        }

        return listeners;
    }

    public static IEnumerable<IElement> AncestorsAndSelf(this IElement element)
    {
        for (var current = element; current is not null; current = current.ParentElement)
        {
            yield return current;
        }
    }

    public static IHtmlFormElement? RelatedForm(IElement element) => element switch
    {
        IHtmlInputElement { Form: { } form } => form,
        IHtmlButtonElement { Form: { } form } => form,
        IHtmlSelectElement { Form: { } form } => form,
        IHtmlTextAreaElement { Form: { } form } => form,
        _ => element.Closest("form") as IHtmlFormElement,
    };

    public static bool IsSubmitButton(IElement element) => element switch
    {
        IHtmlButtonElement button => button.Type is "submit",
        IHtmlInputElement input => input.Type is "submit" or "image",
        _ => false,
    };

    private static void Collect(IElement element, List<KeyValuePair<string, string>> into, HashSet<IElement> processed)
    {
        if (!processed.Add(element))
        {
            return;
        }

        if (element is IHtmlFormElement form)
        {
            foreach (var control in form.Elements)
            {
                processed.Add(control);
            }

            into.AddRange(FormData(form, submitter: null));
            return;
        }

        AddControl(element, into, includeButtons: false);
    }

    private static void AddControl(IElement control, List<KeyValuePair<string, string>> into, bool includeButtons)
    {
        var name = control.GetAttribute("name");
        if (string.IsNullOrEmpty(name) || IsDisabled(control) || control.Closest("datalist") is not null)
        {
            return;
        }

        switch (control)
        {
            case IHtmlInputElement { Type: "checkbox" or "radio" } box:
                if (box.IsChecked)
                {
                    into.Add(new(name, box.GetAttribute("value") ?? "on"));
                }

                break;
            case IHtmlInputElement { Type: "file" or "image" }:
                break;
            case IHtmlSelectElement select:
                into.AddRange(select.SelectedOptions.Where(o => !o.IsDisabled).Select(o => new KeyValuePair<string, string>(name, o.Value)));
                break;
            case IHtmlInputElement or IHtmlTextAreaElement or IHtmlButtonElement when includeButtons || !IsButton(control):
                into.Add(new(name, ValueOf(control)));
                break;
        }
    }

    private static string ValueOf(IElement control) => control switch
    {
        IHtmlInputElement input => input.Value ?? "",
        IHtmlTextAreaElement textArea => textArea.Value ?? "",
        IHtmlButtonElement button => button.Value ?? "",
        IHtmlSelectElement select => select.Value ?? "",
        _ => control.GetAttribute("value") ?? "",
    };

    private static bool IsButton(IElement element) => element switch
    {
        IHtmlButtonElement => true,
        IHtmlInputElement input => input.Type is "submit" or "reset" or "button" or "image",
        _ => false,
    };

    private static bool IsDisabled(IElement control) =>
        control.HasAttribute("disabled") || control.Closest("fieldset[disabled]") is not null;

    private static IEnumerable<string> JsonStrings(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array => value.EnumerateArray().SelectMany(JsonStrings),
        JsonValueKind.True => ["true"],
        JsonValueKind.False => ["false"],
        _ => [value.GetRawText()],
    };

    private static bool IsKeywordSelector(string part) => part is "window" or "host";

    /// <summary>htmx allows a selector to be wrapped as &lt;sel/&gt; so it can contain commas.</summary>
    private static string Normalize(string selector)
    {
        var trimmed = selector.Trim();
        return trimmed.StartsWith('<') && trimmed.EndsWith("/>", StringComparison.Ordinal) ? trimmed[1..^2].Trim() : trimmed;
    }

    private static List<string> SplitOutside(string value, char separator, char open, char close)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == open)
            {
                depth++;
            }
            else if (value[i] == close && depth > 0)
            {
                depth--;
            }
            else if (value[i] == separator && depth == 0)
            {
                parts.Add(value[start..i]);
                start = i + 1;
            }
        }

        parts.Add(value[start..]);
        return parts.Where(p => p.Trim().Length > 0).ToList();
    }
}

/// <summary>
/// The parts of htmx.config this driver honours, read from &lt;meta name="htmx-config"&gt; like htmx does
/// (including Htmx.Net's antiForgery entry). Everything is nullable because the tag helper may write nulls;
/// unset means htmx 2's default.
/// </summary>
internal sealed record HtmxConfig
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static readonly ResponseHandlingRule[] DefaultResponseHandling =
    [
        new("204", Swap: false),
        new("[23]..", Swap: true),
        new("[45]..", Swap: false, Error: true),
    ];

    public IReadOnlyList<ResponseHandlingRule>? ResponseHandling { get; init; }

    public AntiForgeryConfig? AntiForgery { get; init; }

    public string? DefaultSwapStyle { get; init; }

    public IReadOnlyList<string>? MethodsThatUseUrlParams { get; init; }

    public bool? AllowNestedOobSwaps { get; init; }

    public bool? IgnoreTitle { get; init; }

    public string SwapStyle => DefaultSwapStyle ?? "innerHTML";

    public bool NestedOobSwaps => AllowNestedOobSwaps ?? true;

    public static HtmxConfig Read(IDocument document)
    {
        var json = document.QuerySelector("meta[name='htmx-config']")?.GetAttribute("content");
        return string.IsNullOrWhiteSpace(json) ? new HtmxConfig() : JsonSerializer.Deserialize<HtmxConfig>(json, JsonOptions) ?? new HtmxConfig();
    }

    public bool UsesUrlParams(string method) =>
        (MethodsThatUseUrlParams ?? ["get", "delete"]).Contains(method, StringComparer.OrdinalIgnoreCase);

    /// <summary>The first rule whose code regex matches the status; like htmx's codeMatches the regex is not anchored.</summary>
    public ResponseHandlingRule Resolve(int status) =>
        (ResponseHandling ?? DefaultResponseHandling).FirstOrDefault(rule => Regex.IsMatch(status.ToString(CultureInfo.InvariantCulture), rule.Code))
        ?? new ResponseHandlingRule(Code: "", Swap: false);
}

internal sealed record ResponseHandlingRule(
    string Code,
    bool? Swap,
    bool? Error = null,
    bool? IgnoreTitle = null,
    string? Select = null,
    string? Target = null,
    string? SwapOverride = null);

internal sealed record AntiForgeryConfig(string FormFieldName, string? HeaderName, string RequestToken);
