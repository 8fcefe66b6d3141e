using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using SessionBridge.Sessions;
using SessionBridge.Store;

namespace SessionBridge.Events;

/// <summary>
/// <c>&lt;body sb-live-channel="true"&gt;</c>: connects the page to the live channel. It renders the htmx-ext-sse
/// attributes (the stream of this tab, closed on "signed-out"), the tab id every htmx request sends, the hidden
/// element that asks the check route where to go once the session ended, and the hidden listener for the attributes
/// of &lt;html&gt; (<see cref="LiveChannel.HtmlChanged"/>) and the one that swaps in what the app rendered of a change
/// (<see cref="LiveChannel.Rendered"/>). Only a stored session has a channel: a new
/// visitor's page connects nothing (htmx-ext-sse ignores an empty sse-connect). It still names the stream this tab
/// would have (data-sb-events): the library's script connects it once the visitor's first save, in this tab or
/// another, created the session.
/// </summary>
[HtmlTargetElement("body", Attributes = AttributeName)]
public sealed class LiveChannelTagHelper(ThisTab tab, IOptions<SessionBridgeOptions> options) : TagHelper
{
    public const string AttributeName = "sb-live-channel";

    /// <summary>False for a page whose own action would race the channel (the login page: its sign-in rotates the session).</summary>
    [HtmlAttributeName(AttributeName)]
    public bool Enabled { get; set; } = true;

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var bridge = options.Value;
        bool live = Enabled && ViewContext.HttpContext.BridgeSession().State == SessionState.Active;
        var request = ViewContext.HttpContext.Request;
        string stream = QueryHelpers.AddQueryString(bridge.EventsPath, new Dictionary<string, string?>
        {
            [LiveChannel.TabQuery] = tab.Id,
            [LiveChannel.PageQuery] = request.Path + request.QueryString,
        });
        output.Attributes.SetAttribute("data-hx-ext", "sse");
        output.Attributes.SetAttribute("data-sse-connect", live ? stream : string.Empty);
        if (Enabled)
        {
            output.Attributes.SetAttribute("data-sb-events", stream);
        }

        output.Attributes.SetAttribute("data-sse-close", LiveChannel.SignedOut);
        output.Attributes.SetAttribute("data-hx-headers", JsonSerializer.Serialize(new Dictionary<string, string> { [LiveChannel.TabHeader] = tab.Id }));

        var check = new TagBuilder("div");
        check.Attributes["id"] = "session-check";
        check.Attributes["hidden"] = "hidden";
        check.Attributes["data-hx-get"] = bridge.EventsCheckPath;
        check.Attributes["data-hx-trigger"] = "sse:" + LiveChannel.SignedOut;
        check.Attributes["data-hx-swap"] = "none";
        output.PreContent.AppendHtml(check);

        // htmx-ext-sse hears only the events some element listens for: this one listens for the attributes of <html>
        // and requests nothing (the library's script applies them).
        var html = new TagBuilder("div");
        html.Attributes["id"] = "session-html";
        html.Attributes["hidden"] = "hidden";
        html.Attributes["data-hx-trigger"] = "sse:" + LiveChannel.HtmlChanged;
        output.PreContent.AppendHtml(html);

        // And this one swaps in what the app rendered of a change (ISessionChangeRenderer): out of band only.
        var rendered = new TagBuilder("div");
        rendered.Attributes["id"] = "session-rendered";
        rendered.Attributes["hidden"] = "hidden";
        rendered.Attributes["data-sse-swap"] = LiveChannel.Rendered;
        rendered.Attributes["data-hx-swap"] = "none";
        output.PreContent.AppendHtml(rendered);
    }
}
