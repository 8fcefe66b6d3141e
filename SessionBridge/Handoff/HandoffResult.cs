namespace SessionBridge.Handoff;

internal sealed record HandoffResult(HandoffOutcome Outcome, string? UserId = null, bool RememberMe = false);
