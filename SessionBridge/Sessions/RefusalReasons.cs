namespace SessionBridge.Sessions;

/// <summary>A refusal reason as it travels in the login page's query string (<c>?reason=…</c>).</summary>
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
}
