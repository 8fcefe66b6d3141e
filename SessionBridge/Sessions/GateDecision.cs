namespace SessionBridge.Sessions;

/// <summary>The gate's answer, with the signed-in user when there is one.</summary>
internal readonly record struct GateDecision(GateOutcome Outcome, SignedInUser? User = null);
