namespace SessionBridge.Testing;

/// <summary>Htmx.Net's antiForgery entry in htmx-config, which its antiforgery.js adds to every non-GET htmx request.</summary>
internal sealed record AntiForgeryConfig(string FormFieldName, string? HeaderName, string RequestToken);
