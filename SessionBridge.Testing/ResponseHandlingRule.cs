namespace SessionBridge.Testing;

/// <summary>One entry of htmx.config.responseHandling; the driver needs only whether it swaps.</summary>
internal sealed record ResponseHandlingRule(string Code, bool? Swap);
