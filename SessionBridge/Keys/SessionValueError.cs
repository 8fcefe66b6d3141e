namespace SessionBridge.Keys;

/// <summary>Why <see cref="SessionDataTable.SaveAsync"/> refused a value; the product words it for the user.</summary>
public enum SessionValueError
{
    /// <summary>No value was sent at all (a form without the field); never read as "clear this key".</summary>
    Missing,

    /// <summary>A text longer than the key's <see cref="SessionKey.MaxLength"/>.</summary>
    TooLong,

    /// <summary>A text with control characters (line breaks, tabs, NUL).</summary>
    ControlCharacters,

    /// <summary>A choice that is not one of the key's <see cref="SessionKey.AllowedValues"/>.</summary>
    NotAllowed,

    /// <summary>A flag that is neither "true" nor "false".</summary>
    NotTrueOrFalse,
}
