namespace SessionBridge.Handoff;

/// <summary>A checked handoff; <paramref name="HandoffId"/> names an accepted one, to use it up.</summary>
internal sealed record HandoffResult(HandoffOutcome Outcome, string? UserId = null, bool RememberMe = false, string? HandoffId = null);
