namespace SessionBridge.Web.Bridge.Sessions;

/// <summary>Why a request was sent to the login page; the value travels as <c>/login?reason=…</c>.</summary>
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

public static class RefusalReasons
{
    public static string ToQueryValue(this RefusalReason reason) => reason switch
    {
        RefusalReason.SignInRequired => "sign-in-required",
        RefusalReason.SessionEnded => "session-ended",
        RefusalReason.UserDisabled => "user-disabled",
        RefusalReason.SignedOut => "signed-out",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    public static RefusalReason? FromQueryValue(string? value) => value switch
    {
        "sign-in-required" => RefusalReason.SignInRequired,
        "session-ended" => RefusalReason.SessionEnded,
        "user-disabled" => RefusalReason.UserDisabled,
        "signed-out" => RefusalReason.SignedOut,
        _ => null,
    };

    public static string LoginUrl(this RefusalReason reason) => "/login?reason=" + reason.ToQueryValue();
}
