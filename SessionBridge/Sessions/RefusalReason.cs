namespace SessionBridge.Sessions;

/// <summary>Why a request was sent to the login page; the value travels in its query string (see <see cref="RefusalReasons"/>).</summary>
public enum RefusalReason
{
    /// <summary>The page needs a signed-in session and there is none.</summary>
    SignInRequired,

    /// <summary>The session expired, was revoked, or was signed out elsewhere.</summary>
    SessionEnded,

    /// <summary>The user behind the session no longer exists or is disabled.</summary>
    UserDisabled,

    /// <summary>The user signed out.</summary>
    SignedOut,
}
