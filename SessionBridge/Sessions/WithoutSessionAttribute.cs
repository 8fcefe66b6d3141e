namespace SessionBridge.Sessions;

/// <summary>
/// Marks an endpoint that never uses the session (the health check): the middleware does not load it, so a probe that
/// happens to carry a session cookie costs no store round trip and still reports the store's health during an outage.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class WithoutSessionAttribute : Attribute;
