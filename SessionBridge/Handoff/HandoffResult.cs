namespace SessionBridge.Handoff;

public sealed record HandoffResult(HandoffOutcome Outcome, string? UserId = null, bool RememberMe = false);
