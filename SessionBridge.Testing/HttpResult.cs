namespace SessionBridge.Testing;

/// <summary>A final (non-redirect) response and its body, as the browser read it.</summary>
internal sealed record HttpResult(Uri Url, HttpResponseMessage Response, string Body);
