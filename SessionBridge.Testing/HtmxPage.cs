using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace SessionBridge.Testing;

/// <summary>
/// A loaded document plus what htmx 2 would do to it, for the parts of htmx the driver emulates.
/// htmx requests mutate this page's document and return this page; anything that navigates (plain form submit,
/// HX-Redirect, HX-Refresh) returns a new page.
/// </summary>
public sealed class HtmxPage
{
    private const int MaxEventDepth = 5;

    internal HtmxPage(HtmxBrowser browser, Uri url, HttpResponseMessage response, IDocument document)
    {
        Browser = browser;
        Url = url;
        Response = response;
        Document = document;
    }

    /// <summary>The browser that loaded this page; its <see cref="HtmxBrowser.Requests"/> include this page's htmx requests.</summary>
    public HtmxBrowser Browser { get; }

    /// <summary>The parsed document, as htmx has changed it so far: query it with CSS selectors.</summary>
    public IDocument Document { get; }

    /// <summary>The page's address (htmx history, hx-push-url and HX-Push-Url are not emulated, so it never changes).</summary>
    public Uri Url { get; }

    /// <summary>
    /// The last response to a request made through this page (the load, or the htmx request a call made).
    /// Requests issued by events in reaction to it are in <see cref="HtmxBrowser.Requests"/> only.
    /// </summary>
    public HttpResponseMessage Response { get; private set; }

    /// <summary>The first element matching a CSS selector; throws, naming the selector and page, when none does.</summary>
    /// <param name="selector">A CSS selector.</param>
    public IElement Element(string selector) =>
        Document.QuerySelector(selector) ?? throw new InvalidOperationException($"No element matches '{selector}' on {Url}.");

    /// <summary>The outer HTML of the first element matching a CSS selector, or null when none does.</summary>
    /// <param name="selector">A CSS selector.</param>
    public string? Html(string selector) => Document.QuerySelector(selector)?.OuterHtml;

    /// <summary>The trimmed text of the first element matching a CSS selector, or null when none does.</summary>
    /// <param name="selector">A CSS selector.</param>
    public string? Text(string selector) => Document.QuerySelector(selector)?.TextContent.Trim();

    /// <summary>Types into a text field, or picks a select option by value.</summary>
    /// <param name="name">The field's name attribute; exactly one input or select (not a checkbox, radio or hidden input) must have it.</param>
    /// <param name="value">The text typed, or the value of the option picked.</param>
    /// <param name="within">A CSS selector narrowing where the field is looked for, when several share the name.</param>
    public void Fill(string name, string value, string? within = null)
    {
        var controls = Controls(name, within).Where(c => c is not IHtmlInputElement { Type: "checkbox" or "radio" or "hidden" });
        switch (Single(controls, name, within))
        {
            case IHtmlSelectElement select:
                var option = select.Options.FirstOrDefault(o => o.Value == value)
                    ?? throw new InvalidOperationException($"Select '{name}' has no option '{value}'{Where(within)}.");
                foreach (var other in select.Options)
                {
                    other.IsSelected = false;
                }

                option.IsSelected = true;
                break;
            case IHtmlInputElement input:
                input.Value = value;
                break;
            case var other:
                throw new InvalidOperationException($"Field '{name}'{Where(within)} is a <{other.LocalName}>; the driver fills inputs and selects.");
        }
    }

    /// <summary>Ticks or clears a checkbox.</summary>
    /// <param name="name">The checkbox's name attribute; exactly one checkbox must have it.</param>
    /// <param name="isChecked">Whether it ends up ticked.</param>
    /// <param name="within">A CSS selector narrowing where the checkbox is looked for.</param>
    public void Check(string name, bool isChecked, string? within = null)
    {
        var box = (IHtmlInputElement)Single(Controls(name, within).Where(c => c is IHtmlInputElement { Type: "checkbox" }), name, within);
        box.IsChecked = isChecked;
    }

    /// <summary>
    /// Submits a form as htmx would when it has hx-get/hx-post, and otherwise as a browser with JavaScript off
    /// (forms without htmx must post).
    /// </summary>
    /// <param name="formSelector">A CSS selector for the form.</param>
    /// <param name="submitterSelector">A CSS selector for the button clicked, when its name and value matter.</param>
    /// <returns>This page after the swap, or the new page a navigation loaded.</returns>
    public Task<HtmxPage> SubmitAsync(string formSelector, string? submitterSelector = null)
    {
        var element = Element(formSelector);
        var form = element as IHtmlFormElement
            ?? throw new InvalidOperationException($"'{formSelector}' is a <{element.LocalName}>, not a <form>.");
        var submitter = submitterSelector is null ? null : Element(submitterSelector);

        return HtmxDom.Verb(form) is null
            ? SubmitWithoutJavaScriptAsync(form, submitter)
            : IssueAsync(form, submitter, primary: true, depth: 0);
    }

    /// <summary>Sends what htmx sends when the element's trigger fires (delays and filters are not emulated).</summary>
    /// <param name="elementSelector">A CSS selector for an element with hx-get or hx-post.</param>
    /// <returns>This page after the swap, or the new page a navigation loaded.</returns>
    public Task<HtmxPage> TriggerAsync(string elementSelector)
    {
        var element = Element(elementSelector);
        if (HtmxDom.Verb(element) is null)
        {
            throw new InvalidOperationException($"'{elementSelector}' has no hx-get or hx-post.");
        }

        return IssueAsync(element, submitter: null, primary: true, depth: 0);
    }

    private async Task<HtmxPage> SubmitWithoutJavaScriptAsync(IHtmlFormElement form, IElement? submitter)
    {
        // hx-boost would make htmx submit this form itself.
        HtmxDom.RefuseUnemulated(form);
        if (!string.Equals(form.GetAttribute("method")?.Trim(), "post", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"{Describe(form)} on {Url} does not post; without htmx the driver submits only forms that post.");
        }

        var action = form.GetAttribute("action");
        var url = string.IsNullOrEmpty(action) ? Url : new Uri(Url, action);
        var result = await Browser.SendAsync(HttpMethod.Post, url, HtmxDom.FormData(form, submitter), NoHeaders).ConfigureAwait(false);
        return Browser.LoadPage(result);
    }

    /// <summary>htmx 2's issueAjaxRequest + handleAjaxResponse, minus timing, indicators, history and extensions.</summary>
    private async Task<HtmxPage> IssueAsync(IElement element, IElement? submitter, bool primary, int depth)
    {
        HtmxDom.RefuseUnemulated(element);
        var config = HtmxConfig.Read(Document);
        var (method, path) = HtmxDom.Verb(element)!.Value;
        var target = HtmxDom.Target(element)
            ?? throw new InvalidOperationException(
                $"hx-target '{HtmxDom.Inherited(element, "hx-target").Value}' of {Describe(element)} matches nothing on {Url}.");

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["HX-Request"] = "true",
            ["HX-Current-URL"] = Url.AbsoluteUri,
        };
        AddIfPresent(headers, "HX-Trigger", element.GetAttribute("id"));
        AddIfPresent(headers, "HX-Trigger-Name", element.GetAttribute("name"));
        AddIfPresent(headers, "HX-Target", target.GetAttribute("id"));
        foreach (var (name, value) in HtmxDom.Headers(element))
        {
            headers.TryAdd(name, value);
        }

        var parameters = HtmxDom.InputValues(element, method, submitter);
        AddAntiForgery(config, method, parameters, headers);

        // An empty path means the current URL; the #anchor never goes to the server.
        var requestPath = (string.IsNullOrEmpty(path) ? Url.AbsoluteUri : path).Split('#')[0];
        if (method == "get" && parameters.Count > 0)
        {
            requestPath += (requestPath.Contains('?', StringComparison.Ordinal) ? "&" : "?") + UrlEncode(parameters);
        }

        var result = await Browser.SendAsync(
            method == "get" ? HttpMethod.Get : HttpMethod.Post,
            new Uri(Url, requestPath),
            method == "get" ? null : parameters,
            headers).ConfigureAwait(false);
        if (primary)
        {
            Response = result.Response;
        }

        return await HandleResponseAsync(element, target, result, config, depth).ConfigureAwait(false);
    }

    private async Task<HtmxPage> HandleResponseAsync(IElement element, IElement target, HttpResult result, HtmxConfig config, int depth)
    {
        string? Header(string name) =>
            result.Response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

        if (UnemulatedHeaders.FirstOrDefault(name => Header(name) is not null) is { } unemulated)
        {
            throw new NotSupportedException($"{unemulated} in the answer to {Describe(element)}: the driver does not emulate it; test this in a real browser.");
        }

        // htmx fires HX-Trigger before swapping, so the listeners are the ones on the page now;
        // their requests answer after this swap, which is when we send them.
        var listeners = Header("HX-Trigger") is { } triggered ? TriggeredListeners(triggered, element) : [];

        if (Header("HX-Redirect") is { } redirect)
        {
            return await Browser.OpenAsync(new Uri(Url, redirect)).ConfigureAwait(false);
        }

        if (Header("HX-Refresh") == "true")
        {
            return await Browser.OpenAsync(Url).ConfigureAwait(false);
        }

        if (Header("HX-Retarget") is { } retarget)
        {
            target = retarget == "this"
                ? element
                : Document.QuerySelector(retarget) ?? throw new InvalidOperationException($"HX-Retarget '{retarget}' matches nothing on {Url}.");
        }

        if (config.Swaps((int)result.Response.StatusCode))
        {
            HtmxSwap.Swap(target, result.Body, Header("HX-Reswap") ?? HtmxDom.Inherited(element, "hx-swap").Value);
        }

        return await RunListenersAsync(listeners, depth).ConfigureAwait(false) ?? this;
    }

    /// <summary>Issues each listener's request in turn; a listener that navigates ends this document.</summary>
    private async Task<HtmxPage?> RunListenersAsync(List<IElement> listeners, int depth)
    {
        if (listeners.Count > 0 && depth >= MaxEventDepth)
        {
            throw new InvalidOperationException(
                $"Events kept triggering requests {MaxEventDepth} levels deep on {Url}; is an HX-Trigger response re-triggering itself?");
        }

        foreach (var listener in listeners)
        {
            var page = await IssueAsync(listener, submitter: null, primary: false, depth + 1).ConfigureAwait(false);
            if (page != this)
            {
                return page;
            }
        }

        return null;
    }

    /// <summary>HX-Trigger is a JSON object keyed by event name (what Htmx.Net writes), or a comma-separated list of names.</summary>
    private List<IElement> TriggeredListeners(string header, IElement source)
    {
        List<string> events;
        if (header.TrimStart().StartsWith('{'))
        {
            using var json = JsonDocument.Parse(header);
            events = [.. json.RootElement.EnumerateObject().Select(p => p.Name)];
        }
        else
        {
            events = [.. header.Split(',').Select(name => name.Trim())];
        }

        return events.SelectMany(name => HtmxDom.Listeners(Document, name, source)).ToList();
    }

    /// <summary>What Htmx.Net's antiforgery.js does on htmx:configRequest.</summary>
    private static void AddAntiForgery(
        HtmxConfig config,
        string method,
        List<KeyValuePair<string, string>> parameters,
        Dictionary<string, string> headers)
    {
        if (method == "get" || config.AntiForgery is not { } antiForgery
            || parameters.Any(p => p.Key == antiForgery.FormFieldName && p.Value.Length > 0))
        {
            return;
        }

        if (!string.IsNullOrEmpty(antiForgery.HeaderName))
        {
            headers[antiForgery.HeaderName] = antiForgery.RequestToken;
        }
        else
        {
            parameters.Add(new(antiForgery.FormFieldName, antiForgery.RequestToken));
        }
    }

    private List<IElement> Controls(string name, string? within)
    {
        IParentNode scope = within is null ? Document : Element(within);
        return scope.QuerySelectorAll("input, textarea, select").Where(c => c.GetAttribute("name") == name).ToList();
    }

    private IElement Single(IEnumerable<IElement> candidates, string name, string? within)
    {
        var list = candidates.ToList();
        return list.Count switch
        {
            1 => list[0],
            0 => throw new InvalidOperationException($"No field named '{name}'{Where(within)} on {Url}."),
            _ => throw new InvalidOperationException($"{list.Count} fields are named '{name}'{Where(within)} on {Url}; narrow it down with 'within'."),
        };
    }

    private static string Where(string? within) => within is null ? "" : $" within '{within}'";

    private static string Describe(IElement element) =>
        element.Id is { Length: > 0 } id ? $"<{element.LocalName} id=\"{id}\">" : $"<{element.LocalName}>";

    private static void AddIfPresent(Dictionary<string, string> headers, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            headers[name] = value;
        }
    }

    private static string UrlEncode(IEnumerable<KeyValuePair<string, string>> values) =>
        string.Join('&', values.Select(v => Uri.EscapeDataString(v.Key) + "=" + Uri.EscapeDataString(v.Value)));

    private static readonly Dictionary<string, string> NoHeaders = [];

    private static readonly string[] UnemulatedHeaders =
        ["HX-Location", "HX-Push-Url", "HX-Replace-Url", "HX-Reselect", "HX-Trigger-After-Swap", "HX-Trigger-After-Settle"];
}
