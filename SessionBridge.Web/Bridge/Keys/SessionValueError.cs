namespace SessionBridge.Web.Bridge.Keys;

/// <summary>Why a value was refused by <see cref="SessionKey.Validate"/>; the product words it for the user.</summary>
public enum SessionValueError
{
    /// <summary>A text longer than the key's <see cref="SessionKey.MaxLength"/>.</summary>
    TooLong,

    /// <summary>A text with control characters (line breaks, tabs, NUL).</summary>
    ControlCharacters,

    /// <summary>A choice that is not one of the key's <see cref="SessionKey.AllowedValues"/>.</summary>
    NotAllowed,

    /// <summary>A flag that is neither "true" nor "false".</summary>
    NotTrueOrFalse,

    /// <summary>No value was sent at all (refused rather than read as "clear this key").</summary>
    Missing,
}
