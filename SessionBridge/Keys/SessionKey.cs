namespace SessionBridge.Keys;

/// <summary>
/// One allowed key of the session data table. The registry of these is the whitelist: nothing else is stored, and
/// every value is checked here before it is, so nothing a client writes is trusted. A key has no label: how it and its
/// refusals are worded is the product's business (in the user's language), named after <see cref="Name"/>.
/// </summary>
/// <param name="CarriesOverAtLogin">The value follows the visitor into the session that signing in creates.</param>
/// <param name="KeptAtSignOut">
/// A preference of the device rather than of the person: signing out leaves it on this browser (in a new anonymous
/// session) instead of deleting it with the signed-in session.
/// </param>
public sealed record SessionKey(
    string Name,
    SessionKeyType Type,
    string Default,
    int MaxLength = 0,
    IReadOnlyList<string>? AllowedValues = null,
    bool CarriesOverAtLogin = false,
    bool KeptAtSignOut = false)
{
    public static SessionKey Text(string name, int maxLength, string defaultValue = "", bool carriesOver = false, bool keptAtSignOut = false) =>
        new(name, SessionKeyType.Text, defaultValue, maxLength, null, carriesOver, keptAtSignOut);

    public static SessionKey Choice(string name, IReadOnlyList<string> allowed, bool carriesOver = false, bool keptAtSignOut = false) =>
        new(name, SessionKeyType.Choice, allowed[0], 0, allowed, carriesOver, keptAtSignOut);

    public static SessionKey Flag(string name, bool defaultValue = false, bool carriesOver = false, bool keptAtSignOut = false) =>
        new(name, SessionKeyType.Flag, defaultValue ? "true" : "false", 0, null, carriesOver, keptAtSignOut);

    /// <summary>The value to store, or why it cannot be stored.</summary>
    public (string? Value, SessionValueError? Error) Validate(string? input)
    {
        string value = input ?? string.Empty;
        return Type switch
        {
            SessionKeyType.Text when value.Length > MaxLength => (null, SessionValueError.TooLong),
            SessionKeyType.Text when value.Any(char.IsControl) => (null, SessionValueError.ControlCharacters),
            SessionKeyType.Text => (value.Trim(), null),
            SessionKeyType.Choice when AllowedValues!.Contains(value, StringComparer.Ordinal) => (value, null),
            SessionKeyType.Choice => (null, SessionValueError.NotAllowed),
            SessionKeyType.Flag when value is "true" or "false" => (value, null),
            // An unchecked checkbox sends nothing: a plain form posts the hidden "false" that precedes it.
            SessionKeyType.Flag => (null, SessionValueError.NotTrueOrFalse),
            _ => throw new InvalidOperationException($"Unknown key type {Type}."),
        };
    }
}
