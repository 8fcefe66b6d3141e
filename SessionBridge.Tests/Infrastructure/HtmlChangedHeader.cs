using System.Text.Json;
using SessionBridge.Events;

namespace SessionBridge.Tests.Infrastructure;

/// <summary>
/// What a save tells its own tab to set on &lt;html&gt; (the <see cref="LiveChannel.HtmlChanged"/> event of its
/// HX-Trigger), which the library's script applies: the driver runs no script, so tests read it here.
/// </summary>
public static class HtmlChangedHeader
{
    /// <summary>The attributes and values the answer's HX-Trigger sets on &lt;html&gt;; empty when it sets none.</summary>
    public static Dictionary<string, string> HtmlChanged(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!response.Headers.TryGetValues("HX-Trigger", out var values))
        {
            return attributes;
        }

        using var json = JsonDocument.Parse(string.Join(", ", values));
        if (json.RootElement.TryGetProperty(LiveChannel.HtmlChanged, out var html))
        {
            foreach (var attribute in html.EnumerateObject())
            {
                attributes[attribute.Name] = attribute.Value.GetString()!;
            }
        }

        return attributes;
    }
}
