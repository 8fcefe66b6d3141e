using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace SessionBridge.Testing;

/// <summary>
/// How htmx 2.0.11 reads the DOM, for the attributes the driver emulates: hx-get/hx-post, hx-target (this or a CSS
/// selector), hx-swap, hx-trigger (event names, <c>from:</c> a CSS selector), hx-headers, hx-disinherit. Anything
/// else is not emulated; an extended selector such as <c>closest tr</c> fails as invalid CSS instead of passing.
/// </summary>
internal static class HtmxDom
{
    private static readonly string[] Verbs = ["get", "post"];

    /// <summary>htmx attributes that change what is sent or swapped, which the driver does not emulate.</summary>
    private static readonly string[] Unemulated =
    [
        "hx-boost", "hx-select", "hx-select-oob", "hx-include", "hx-vals", "hx-params", "hx-encoding",
        "hx-push-url", "hx-replace-url", "hx-confirm", "hx-prompt", "hx-put", "hx-patch", "hx-delete",
    ];

    /// <summary>htmx accepts every attribute with a data- prefix too.</summary>
    public static string? Attr(IElement element, string name) =>
        element.GetAttribute(name) ?? element.GetAttribute("data-" + name);

    /// <summary>
    /// htmx's getClosestAttributeValue: the value from the element or its nearest ancestor that has it, and that
    /// ancestor. An ancestor whose hx-disinherit names the attribute (or "*"), or a value "unset", ends the search empty.
    /// </summary>
    public static (string? Value, IElement? Owner) Inherited(IElement element, string name)
    {
        for (var current = element; current is not null; current = current.ParentElement)
        {
            if (current != element && Attr(current, "hx-disinherit") is { } disinherit
                && (disinherit == "*" || disinherit.Split(' ').Contains(name)))
            {
                return (null, null);
            }

            // An empty value counts as absent, as in htmx.
            if (Attr(current, name) is { Length: > 0 } value)
            {
                return value == "unset" ? (null, null) : (value, current);
            }
        }

        return (null, null);
    }

    /// <summary>Refuses an element whose request htmx would shape with an attribute the driver does not emulate.</summary>
    public static void RefuseUnemulated(IElement element)
    {
        foreach (var current in element.AncestorsAndSelf())
        {
            if (Unemulated.FirstOrDefault(name => Attr(current, name) is not null) is { } name)
            {
                throw new NotSupportedException(
                    $"{name} on <{current.LocalName}{(current.Id is { Length: > 0 } id ? $" id=\"{id}\"" : "")}>: the driver does not emulate it; test this in a real browser.");
            }
        }
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

    /// <summary>hx-target: none means the element itself; "this" is the element bearing the attribute, which may be an ancestor.</summary>
    public static IElement? Target(IElement element)
    {
        var (value, owner) = Inherited(element, "hx-target");
        return value switch
        {
            null or "" => element,
            "this" => owner,
            _ => Document(element).QuerySelector(value),
        };
    }

    /// <summary>
    /// What htmx 2's getInputValues sends: for a non-GET the related form (taking precedence), then the element
    /// itself, then the clicked button's name and value.
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

        var button = submitter ?? (IsButton(element) ? element : null);
        if (button?.GetAttribute("name") is { Length: > 0 } buttonName)
        {
            priority.Add(new(buttonName, ValueOf(button)));
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

    /// <summary>hx-headers: JSON objects (braces optional) merged up the tree, the nearer element winning a name.</summary>
    public static Dictionary<string, string> Headers(IElement element)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var raw in element.AncestorsAndSelf().Select(e => Attr(e, "hx-headers")?.Trim()).Where(r => !string.IsNullOrEmpty(r)))
        {
            using var json = JsonDocument.Parse(raw!.StartsWith('{') ? raw : "{" + raw + "}");
            foreach (var property in json.RootElement.EnumerateObject())
            {
                headers.TryAdd(property.Name, property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText());
            }
        }

        return headers;
    }

    /// <summary>
    /// htmx elements that hear <paramref name="eventName"/> dispatched on <paramref name="source"/> as it bubbles:
    /// listeners on an ancestor-or-self of the source, or whose <c>from:</c> selector matches one.
    /// </summary>
    public static List<IElement> Listeners(IDocument document, string eventName, IElement source)
    {
        var path = source.AncestorsAndSelf().ToHashSet();
        return document.QuerySelectorAll("[hx-trigger], [data-hx-trigger]")
            .Where(e => Verb(e) is not null)
            .Where(e => TriggerSpecs(Attr(e, "hx-trigger")!).Any(spec => spec.Event == eventName && (spec.From is null
                ? path.Contains(e)
                : document.QuerySelectorAll(spec.From).Any(path.Contains))))
            .ToList();
    }

    public static IEnumerable<IElement> AncestorsAndSelf(this IElement element)
    {
        for (var current = element; current is not null; current = current.ParentElement)
        {
            yield return current;
        }
    }

    /// <summary>Splits an hx-trigger value into (event, from) pairs; other modifiers (changed, delay:…) do not change who listens.</summary>
    private static IEnumerable<(string Event, string? From)> TriggerSpecs(string triggers)
    {
        foreach (var spec in triggers.Split(','))
        {
            var tokens = spec.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length > 0)
            {
                yield return (tokens[0], tokens.FirstOrDefault(t => t.StartsWith("from:", StringComparison.Ordinal))?[5..]);
            }
        }
    }

    private static IDocument Document(IElement element) =>
        element.Owner ?? throw new InvalidOperationException("Element has no document.");

    private static IHtmlFormElement? RelatedForm(IElement element) => element switch
    {
        IHtmlFormElement form => form,
        IHtmlInputElement { Form: { } form } => form,
        IHtmlButtonElement { Form: { } form } => form,
        IHtmlSelectElement { Form: { } form } => form,
        _ => element.Closest("form") as IHtmlFormElement,
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
        if (string.IsNullOrEmpty(name) || control.HasAttribute("disabled") || control.Closest("fieldset[disabled]") is not null)
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
            case IHtmlSelectElement select:
                into.AddRange(select.SelectedOptions.Select(o => new KeyValuePair<string, string>(name, o.Value)));
                break;
            case IHtmlInputElement { Type: "file" or "image" }:
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
        _ => control.GetAttribute("value") ?? "",
    };

    private static bool IsButton(IElement element) => element switch
    {
        IHtmlButtonElement => true,
        IHtmlInputElement input => input.Type is "submit" or "reset" or "button" or "image",
        _ => false,
    };
}
