using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>
/// A loaded document plus what htmx would do to it. htmx requests mutate this page's document and return
/// this page; anything that navigates (plain form submit, HX-Redirect, HX-Refresh) returns a new page.
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

    public HtmxBrowser Browser { get; }

    public IDocument Document { get; }

    /// <summary>The page's address; htmx history updates (hx-push-url, HX-Push-Url, ...) change it.</summary>
    public Uri Url { get; private set; }

    /// <summary>
    /// The last response to a request made through this page (the load, or the htmx request a call made).
    /// Requests issued by events in reaction to it are in <see cref="HtmxBrowser.Requests"/> only.
    /// </summary>
    public HttpResponseMessage Response { get; private set; }

    public IElement Element(string selector) =>
        Document.QuerySelector(selector) ?? throw new InvalidOperationException($"No element matches '{selector}' on {Url}.");

    public string? Html(string selector) => Document.QuerySelector(selector)?.OuterHtml;

    public string? Text(string selector) => Document.QuerySelector(selector)?.TextContent.Trim();

    /// <summary>Types into a text field or textarea, picks a select option (by value, else text), or picks a radio by value.</summary>
    public void Fill(string name, string value, string? within = null)
    {
        var controls = Controls(name, within);
        var radios = controls.OfType<IHtmlInputElement>().Where(c => c.Type == "radio").ToList();
        if (radios.Count > 0 && radios.Count == controls.Count)
        {
            var radio = radios.FirstOrDefault(r => r.Value == value)
                ?? throw new InvalidOperationException($"No radio button '{name}' has value '{value}'{Where(within)}.");
            radio.IsChecked = true;
            return;
        }

        switch (Single(controls.Where(c => c is not IHtmlInputElement { Type: "checkbox" or "radio" }), name, within))
        {
            case IHtmlSelectElement select:
                var option = select.Options.FirstOrDefault(o => o.Value == value)
                    ?? select.Options.FirstOrDefault(o => o.Text.Trim() == value)
                    ?? throw new InvalidOperationException($"Select '{name}' has no option '{value}'{Where(within)}.");
                if (!select.IsMultiple)
                {
                    foreach (var other in select.Options)
                    {
                        other.IsSelected = false;
                    }
                }

                option.IsSelected = true;
                break;
            case IHtmlTextAreaElement textArea:
                textArea.Value = value;
                break;
            case IHtmlInputElement input:
                input.Value = value;
                break;
        }
    }

    public void Check(string name, bool isChecked, string? within = null)
    {
        var box = (IHtmlInputElement)Single(Controls(name, within).Where(c => c is IHtmlInputElement { Type: "checkbox" or "radio" }), name, within);
        box.IsChecked = isChecked;
    }

    /// <summary>
    /// Submits a form as htmx would when it (or the submitter) has hx-get/hx-post/..., as a boosted form when
    /// inside hx-boost="true", and otherwise as a browser with JavaScript off.
    /// </summary>
    public Task<HtmxPage> SubmitAsync(string formSelector, string? submitterSelector = null)
    {
        var element = Element(formSelector);
        var form = element as IHtmlFormElement
            ?? throw new InvalidOperationException($"'{formSelector}' is a <{element.LocalName}>, not a <form>.");
        var submitter = submitterSelector is null ? null : Element(submitterSelector);

        if (submitter is not null && HtmxDom.Verb(submitter) is not null)
        {
            return IssueAsync(new HtmxIssue(submitter), 0);
        }

        if (HtmxDom.Verb(form) is not null)
        {
            return IssueAsync(new HtmxIssue(form) { Submitter = submitter }, 0);
        }

        if (HtmxDom.Inherited(form, "hx-boost").Value == "true")
        {
            var method = form.GetAttribute("method")?.Trim().Equals("post", StringComparison.OrdinalIgnoreCase) == true ? "post" : "get";
            var action = form.GetAttribute("action") is { Length: > 0 } a ? a : Url.AbsoluteUri;
            return IssueAsync(new HtmxIssue(form)
            {
                Submitter = submitter,
                Method = method,
                // Like a browser, a boosted GET form replaces the action's query string.
                Path = method == "get" ? action.Split('?')[0] : action,
                Boosted = true,
            }, 0);
        }

        return SubmitWithoutJavaScriptAsync(form, submitter);
    }

    /// <summary>Sends what htmx sends when the element's trigger fires (delays and filters are not emulated).</summary>
    public Task<HtmxPage> TriggerAsync(string elementSelector)
    {
        var element = Element(elementSelector);
        if (HtmxDom.Verb(element) is null)
        {
            throw new InvalidOperationException($"'{elementSelector}' has no hx-get, hx-post, hx-put, hx-patch or hx-delete.");
        }

        return IssueAsync(new HtmxIssue(element), 0);
    }

    /// <summary>
    /// As if htmx.trigger(document.body, eventName): every element listening with "eventName from:body"
    /// (or from:document/window, or on body itself) issues its request. Returns a new page if one of them navigated.
    /// </summary>
    public async Task<HtmxPage> DispatchAsync(string eventName)
    {
        var body = Document.Body ?? throw new InvalidOperationException($"{Url} has no <body>.");
        return await RunListenersAsync(HtmxDom.Listeners(Document, eventName, body), 0).ConfigureAwait(false) ?? this;
    }

    private async Task<HtmxPage> SubmitWithoutJavaScriptAsync(IHtmlFormElement form, IElement? submitter)
    {
        var method = submitter?.GetAttribute("formmethod") ?? form.GetAttribute("method") ?? "get";
        var action = submitter?.GetAttribute("formaction") ?? form.GetAttribute("action");
        var url = string.IsNullOrEmpty(action) ? Url : new Uri(Url, action);
        var data = HtmxDom.FormData(form, submitter);

        HttpResult result;
        if (method.Trim().Equals("post", StringComparison.OrdinalIgnoreCase))
        {
            result = await Browser.SendAsync(HttpMethod.Post, url, data, NoHeaders).ConfigureAwait(false);
        }
        else
        {
            // A GET submission replaces the action's query string.
            var query = new UriBuilder(url) { Query = UrlEncode(data), Fragment = "" };
            result = await Browser.SendAsync(HttpMethod.Get, query.Uri, null, NoHeaders).ConfigureAwait(false);
        }

        return Browser.LoadPage(result);
    }

    /// <summary>htmx 2's issueAjaxRequest + handleAjaxResponse, minus timing, indicators and extensions.</summary>
    private async Task<HtmxPage> IssueAsync(HtmxIssue issue, int depth)
    {
        var element = issue.Source;
        var config = HtmxConfig.Read(Document);
        var (method, path) = issue.Method is { } m ? (m, issue.Path ?? "") : HtmxDom.Verb(element)!.Value;
        if (issue.Submitter is { } submitter)
        {
            path = submitter.GetAttribute("formaction") ?? path;
            method = submitter.GetAttribute("formmethod")?.Trim().ToUpperInvariant() switch
            {
                "GET" => "get",
                "POST" => "post",
                _ => method,
            };
        }

        var target = issue.Target ?? DefaultTarget(issue)
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
        if (issue.Boosted)
        {
            headers["HX-Boosted"] = "true";
        }

        foreach (var (name, value) in HtmxDom.JsonValues(element, "hx-headers"))
        {
            headers.TryAdd(name, value);
        }

        foreach (var (name, value) in issue.Headers)
        {
            headers[name] = value;
        }

        var parameters = HtmxDom.InputValues(element, method, issue.Submitter);
        HtmxDom.Override(parameters, issue.Values);
        HtmxDom.Override(parameters, HtmxDom.JsonValues(element, "hx-vals"));
        AddAntiForgery(config, method, parameters, headers);

        // Empty paths mean the current URL; the #anchor never goes to the server.
        var requestPath = (string.IsNullOrEmpty(path) ? Url.AbsoluteUri : path).Split('#')[0];
        var useUrlParams = config.UsesUrlParams(method);
        if (useUrlParams && parameters.Count > 0)
        {
            requestPath += (requestPath.Contains('?', StringComparison.Ordinal) ? "&" : "?") + UrlEncode(parameters);
        }

        var result = await Browser.SendAsync(
            new HttpMethod(method.ToUpperInvariant()),
            new Uri(Url, requestPath),
            useUrlParams ? null : parameters,
            headers).ConfigureAwait(false);
        if (issue.Primary)
        {
            Response = result.Response;
        }

        return await HandleResponseAsync(issue, target, result, config, depth).ConfigureAwait(false);
    }

    private async Task<HtmxPage> HandleResponseAsync(HtmxIssue issue, IElement target, HttpResult result, HtmxConfig config, int depth)
    {
        var element = issue.Source;
        string? Header(string name) =>
            result.Response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;

        // htmx fires HX-Trigger before swapping, so the listeners are the ones on the page now;
        // their requests answer after this swap, which is when we send them.
        var listeners = Header("HX-Trigger") is { } triggered ? TriggeredListeners(triggered, element) : [];

        if (Header("HX-Location") is { } location)
        {
            return await RunListenersAsync(listeners, depth).ConfigureAwait(false)
                ?? await IssueAsync(LocationIssue(location) with { Primary = issue.Primary }, depth).ConfigureAwait(false);
        }

        if (Header("HX-Redirect") is { } redirect)
        {
            return await Browser.OpenAsync(new Uri(Url, redirect)).ConfigureAwait(false);
        }

        if (Header("HX-Refresh") == "true")
        {
            return await Browser.OpenAsync(Url).ConfigureAwait(false);
        }

        var newUrl = HistoryUpdate(issue, result, Header);
        var rule = config.Resolve((int)result.Response.StatusCode);
        if (rule.Target is { } ruleTarget)
        {
            target = Retarget(element, ruleTarget);
        }

        if (Header("HX-Retarget") is { } retarget)
        {
            target = Retarget(element, retarget);
        }

        if (rule.Swap == true)
        {
            var swap = Header("HX-Reswap") ?? issue.Swap ?? rule.SwapOverride ?? HtmxDom.Inherited(element, "hx-swap").Value;
            var modifiers = swap?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) ?? [];
            var style = modifiers.FirstOrDefault(s => !s.Contains(':', StringComparison.Ordinal))
                ?? (issue.Boosted ? "innerHTML" : config.SwapStyle);
            var ignoreTitle = modifiers.Contains("ignoreTitle:true") || config.IgnoreTitle == true || rule.IgnoreTitle == true;
            var select = Header("HX-Reselect") ?? issue.Select ?? rule.Select ?? HtmxDom.Inherited(element, "hx-select").Value;

            HtmxSwap.Swap(target, result.Body, style, select == "unset" ? null : select, ignoreTitle, config);
            Url = newUrl ?? Url;

            var afterSwapSource = element.IsConnected() ? element : Document.Body ?? element;
            foreach (var header in new[] { "HX-Trigger-After-Swap", "HX-Trigger-After-Settle" })
            {
                if (Header(header) is { } value)
                {
                    listeners.AddRange(TriggeredListeners(value, afterSwapSource));
                }
            }
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
            var page = await IssueAsync(new HtmxIssue(listener) { Primary = false }, depth + 1).ConfigureAwait(false);
            if (page != this)
            {
                return page;
            }
        }

        return null;
    }

    /// <summary>HX-Trigger is an event name, a comma-separated list, or a JSON object keyed by event name.</summary>
    private List<IElement> TriggeredListeners(string header, IElement source)
    {
        var events = new List<(string Name, IElement Source)>();
        if (header.TrimStart().StartsWith('{'))
        {
            using var json = JsonDocument.Parse(header);
            foreach (var property in json.RootElement.EnumerateObject())
            {
                var eventSource = property.Value.ValueKind == JsonValueKind.Object
                    && property.Value.TryGetProperty("target", out var selector)
                    && selector.ValueKind == JsonValueKind.String
                        ? Document.QuerySelector(selector.GetString()!) ?? source
                        : source;
                events.Add((property.Name, eventSource));
            }
        }
        else
        {
            events.AddRange(header.Split(',').Select(name => (name.Trim(), source)));
        }

        return events.SelectMany(e => HtmxDom.Listeners(Document, e.Name, e.Source)).ToList();
    }

    /// <summary>HX-Location: an htmx GET from the body (default target body), pushing its URL.</summary>
    private HtmxIssue LocationIssue(string location)
    {
        var body = Document.Body ?? throw new InvalidOperationException($"{Url} has no <body>.");
        if (!location.TrimStart().StartsWith('{'))
        {
            return new HtmxIssue(body) { Method = "get", Path = location, Push = "true" };
        }

        using var json = JsonDocument.Parse(location);
        var spec = json.RootElement;
        string? Get(string name) => spec.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        List<KeyValuePair<string, string>> Values(string name) =>
            spec.TryGetProperty(name, out var value)
                ? value.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.ToString())).ToList()
                : [];

        var source = Get("source") is { } sourceSelector ? Document.QuerySelector(sourceSelector) : null;
        var target = Get("target") is { } targetSelector
            ? Document.QuerySelector(targetSelector) ?? throw new InvalidOperationException($"HX-Location target '{targetSelector}' matches nothing on {Url}.")
            : null;
        return new HtmxIssue(source ?? body)
        {
            Method = "get",
            Path = Get("path") ?? throw new InvalidOperationException($"HX-Location {location} has no path."),
            Target = target,
            Swap = Get("swap"),
            Select = Get("select"),
            Values = Values("values"),
            Headers = Values("headers"),
            Push = Get("push") ?? "true",
        };
    }

    /// <summary>Where htmx would put the new URL in history, if anywhere: response headers first, then attributes.</summary>
    private Uri? HistoryUpdate(HtmxIssue issue, HttpResult result, Func<string, string?> header)
    {
        var path = header("HX-Push") ?? header("HX-Push-Url") ?? header("HX-Replace-Url");
        if (path is null)
        {
            var replace = HtmxDom.Inherited(issue.Source, "hx-replace-url").Value;
            path = issue.Push
                ?? HtmxDom.Inherited(issue.Source, "hx-push-url").Value
                ?? (replace == "false" ? null : replace)
                ?? (issue.Boosted ? "true" : null);
        }

        return path switch
        {
            null or "false" => null,
            "true" => result.Url,
            _ => new Uri(Url, path),
        };
    }

    private IElement? DefaultTarget(HtmxIssue issue) =>
        issue.Boosted && HtmxDom.Inherited(issue.Source, "hx-target").Value is null
            ? Document.Body
            : HtmxDom.Target(issue.Source);

    private IElement Retarget(IElement element, string selector) =>
        selector == "this"
            ? element
            : HtmxDom.QueryAll(element, selector).FirstOrDefault()
                ?? throw new InvalidOperationException($"Re-target '{selector}' for {Describe(element)} matches nothing on {Url}.");

    /// <summary>What Htmx.Net's antiforgery snippet does on htmx:configRequest.</summary>
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

    /// <summary>One htmx request: the element it comes from plus what HX-Location or a boosted form override.</summary>
    private sealed record HtmxIssue(IElement Source)
    {
        public IElement? Submitter { get; init; }

        public string? Method { get; init; }

        public string? Path { get; init; }

        public IElement? Target { get; init; }

        public string? Swap { get; init; }

        public string? Select { get; init; }

        public string? Push { get; init; }

        public bool Boosted { get; init; }

        /// <summary>False for requests that events caused; those do not become the page's <see cref="Response"/>.</summary>
        public bool Primary { get; init; } = true;

        public IReadOnlyList<KeyValuePair<string, string>> Values { get; init; } = [];

        public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
    }
}
