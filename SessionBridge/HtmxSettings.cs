using Htmx.TagHelpers;

namespace SessionBridge;

/// <summary>The htmx-config the layout renders into its meta tag.</summary>
public static class HtmxSettings
{
    /// <summary>
    /// htmx 2 swaps no 4xx/5xx by default. These codes carry a fragment a person should read (a refused value next to
    /// its field, an unknown key, an expired form, too many attempts, a store outage), so they are swapped.
    /// </summary>
    public static IReadOnlyList<HtmxResponseHandling> ResponseHandling { get; } =
    [
        new() { Code = "204", Swap = false },
        new() { Code = "[23]..", Swap = true },
        // A refused value or a wrong password is an ordinary answer, not an error for htmx to log to the console.
        new() { Code = "422", Swap = true, Error = false },
        new() { Code = "400|404|429|503", Swap = true, Error = true },
        new() { Code = "[45]..", Swap = false, Error = true },
    ];
}
