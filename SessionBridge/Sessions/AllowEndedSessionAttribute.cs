namespace SessionBridge.Sessions;

/// <summary>
/// Marks an endpoint that serves a request carrying an ended session as a new visitor instead of refusing it: the
/// login page, where refused requests are sent, and the error pages.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AllowEndedSessionAttribute : Attribute;
