namespace SessionBridge.Sessions;

/// <summary>What the gate decided about a session.</summary>
internal enum GateOutcome
{
    /// <summary>The session may be used (by a visitor, or by <see cref="GateDecision.User"/>).</summary>
    Admitted,

    /// <summary>The store no longer has it: expired, revoked, signed out or evicted.</summary>
    Ended,

    /// <summary>Its user is gone or disabled: the session has just been ended.</summary>
    UserGone,
}
