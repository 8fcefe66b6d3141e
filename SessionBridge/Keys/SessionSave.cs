namespace SessionBridge.Keys;

/// <summary>
/// What a save came to. <see cref="Row"/> is what the row should show: the new value once saved; otherwise what is
/// stored, except that a text field keeps what was typed so it can be corrected. <see cref="Error"/> says why a value
/// was refused (the product words it; an unknown key has none).
/// </summary>
public sealed record SessionSave(SessionSaveOutcome Outcome, SessionRow? Row, SessionValueError? Error = null);
