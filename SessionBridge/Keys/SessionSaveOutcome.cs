namespace SessionBridge.Keys;

public enum SessionSaveOutcome
{
    /// <summary>Stored and announced to the session's other tabs.</summary>
    Saved,

    /// <summary>Not a registered key: nothing is stored.</summary>
    UnknownKey,

    /// <summary>The value is not one the key accepts (or none was sent): nothing is stored.</summary>
    Invalid,

    /// <summary>The store could not be reached: nothing is stored, and the user is told.</summary>
    NotSaved,
}
