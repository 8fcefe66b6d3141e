namespace SessionBridge.Handoff;

/// <summary>
/// Marks the page a login handoff lands on. Before such a page's GET runs, the bridge consumes the handoff (see
/// <see cref="HandoffLanding"/>), which signs the session in, so the page's own authorisation already sees the user.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class HandoffLandingAttribute : Attribute;
