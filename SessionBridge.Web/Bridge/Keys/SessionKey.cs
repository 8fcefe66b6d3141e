namespace SessionBridge.Web.Bridge.Keys;

/// <summary>
/// One allowed key of the session data table. The registry of these is the whitelist: nothing else is stored, and
/// every value is checked here before it is, so nothing a client writes is trusted.
/// </summary>
public sealed record SessionKey(
    string Name,
    string Label,
    SessionKeyType Type,
    string Default,
    int MaxLength = 0,
    IReadOnlyList<string>? AllowedValues = null,
    bool CarriesOverAtLogin = false)
{
    public static SessionKey Text(string name, string label, int maxLength, string defaultValue = "", bool carriesOver = false) =>
        new(name, label, SessionKeyType.Text, defaultValue, maxLength, null, carriesOver);

    public static SessionKey Choice(string name, string label, IReadOnlyList<string> allowed, bool carriesOver = false) =>
        new(name, label, SessionKeyType.Choice, allowed[0], 0, allowed, carriesOver);

    public static SessionKey Flag(string name, string label, bool defaultValue = false, bool carriesOver = false) =>
        new(name, label, SessionKeyType.Flag, defaultValue ? "true" : "false", 0, null, carriesOver);

    /// <summary>The value to store, or the message that says why it cannot be stored.</summary>
    public (string? Value, string? Error) Validate(string? input)
    {
        string value = input ?? string.Empty;
        return Type switch
        {
            SessionKeyType.Text when value.Length > MaxLength => (null, $"{Label} can be at most {MaxLength} characters."),
            SessionKeyType.Text when value.Any(char.IsControl) => (null, $"{Label} cannot contain control characters."),
            SessionKeyType.Text => (value.Trim(), null),
            SessionKeyType.Choice when AllowedValues!.Contains(value, StringComparer.Ordinal) => (value, null),
            SessionKeyType.Choice => (null, $"{Label} must be one of: {string.Join(", ", AllowedValues!)}."),
            SessionKeyType.Flag when value is "true" or "false" => (value, null),
            // An unchecked checkbox sends nothing: a plain form posts the hidden "false" that precedes it.
            SessionKeyType.Flag => (null, $"{Label} must be true or false."),
            _ => throw new InvalidOperationException($"Unknown key type {Type}."),
        };
    }
}
