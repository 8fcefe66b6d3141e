using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace SessionBridge.Testing;

/// <summary>
/// The parts of htmx.config this driver honours, read from &lt;meta name="htmx-config"&gt; like htmx
/// does: responseHandling, and Htmx.Net's antiForgery entry. Unset means htmx 2's default.
/// </summary>
internal sealed record HtmxConfig
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static readonly ResponseHandlingRule[] DefaultResponseHandling =
    [
        new("204", Swap: false),
        new("[23]..", Swap: true),
        new("[45]..", Swap: false),
    ];

    public IReadOnlyList<ResponseHandlingRule>? ResponseHandling { get; init; }

    public AntiForgeryConfig? AntiForgery { get; init; }

    public static HtmxConfig Read(IDocument document)
    {
        var json = document.QuerySelector("meta[name='htmx-config']")?.GetAttribute("content");
        return string.IsNullOrWhiteSpace(json) ? new HtmxConfig() : JsonSerializer.Deserialize<HtmxConfig>(json, JsonOptions) ?? new HtmxConfig();
    }

    /// <summary>Whether htmx swaps a response with this status: the first rule whose code regex matches (not anchored, as in htmx's codeMatches).</summary>
    public bool Swaps(int status) =>
        (ResponseHandling ?? DefaultResponseHandling)
            .FirstOrDefault(rule => Regex.IsMatch(status.ToString(CultureInfo.InvariantCulture), rule.Code))?.Swap ?? false;
}
