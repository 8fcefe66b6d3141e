namespace SessionBridge.Handoff;

/// <summary>A checked handoff; an accepted one names its user.</summary>
internal sealed record HandoffResult(HandoffOutcome Outcome, string? UserId = null, bool RememberMe = false);
