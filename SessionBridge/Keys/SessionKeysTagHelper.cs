using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace SessionBridge.Keys;

/// <summary>
/// <c>&lt;html sb-session-keys&gt;</c>: renders the attribute of every key shown on &lt;html&gt;
/// (<see cref="SessionKey.OnHtml(string)"/>) with the session's stored value, so the first paint is right and no
/// script corrects it later. Changes reach the element through <see cref="Events.LiveChannel.HtmlChanged"/>.
/// </summary>
[HtmlTargetElement("html", Attributes = AttributeName)]
public sealed class SessionKeysTagHelper(SessionKeyRegistry registry, SessionDataTable table) : TagHelper
{
    public const string AttributeName = "sb-session-keys";

    [ViewContext]
    [HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Attributes.RemoveAll(AttributeName);
        var session = ViewContext.HttpContext.Session;
        foreach (var key in registry.Keys)
        {
            if (key.Html is { } html)
            {
                output.Attributes.SetAttribute(html.Name, html.ValueFor(table.Read(session, key.Name)!.Value));
            }
        }
    }
}
