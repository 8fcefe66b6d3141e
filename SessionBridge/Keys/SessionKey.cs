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
    /// <summary>
    /// The attribute of the page's &lt;html&gt; element that shows this key (so a stylesheet can follow it), or null.
    /// Set with <see cref="OnHtml(string)"/>.
    /// </summary>
    internal KeyOnHtml? Html { get; private init; }

    /// <summary>
    /// The ids of the page fragments (outside the key's own row) that show this key, such as a header greeting: only
    /// they refresh when it changes (<see cref="Events.LiveChannel.FragmentChanged"/>). Set with <see cref="ShownIn"/>.
    /// </summary>
    public IReadOnlyList<string> Fragments { get; private init; } = [];

    public static SessionKey Text(string name, int maxLength, string defaultValue = "", bool carriesOver = false, bool keptAtSignOut = false) =>
        new(name, SessionKeyType.Text, defaultValue, maxLength, null, carriesOver, keptAtSignOut);

    /// <param name="defaultValue">What the key holds until written; one of <paramref name="allowed"/>.</param>
    public static SessionKey Choice(string name, IReadOnlyList<string> allowed, string defaultValue, bool carriesOver = false, bool keptAtSignOut = false)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        if (!allowed.Contains(defaultValue, StringComparer.Ordinal))
        {
            throw new ArgumentException($"The default '{defaultValue}' of key '{name}' is not one of its choices ({string.Join(", ", allowed)}).", nameof(defaultValue));
        }

        return new(name, SessionKeyType.Choice, defaultValue, 0, allowed, carriesOver, keptAtSignOut);
    }

    public static SessionKey Flag(string name, bool defaultValue = false, bool carriesOver = false, bool keptAtSignOut = false) =>
        new(name, SessionKeyType.Flag, defaultValue ? "true" : "false", 0, null, carriesOver, keptAtSignOut);

    /// <summary>
    /// Shows the value as an attribute of &lt;html&gt;: rendered with the first byte of every page and updated in
    /// every open tab of the session when the key changes.
    /// </summary>
    /// <param name="attribute">A data attribute, such as "data-theme".</param>
    public SessionKey OnHtml(string attribute) => this with { Html = new KeyOnHtml(attribute) };

    /// <summary>Shows a flag as an attribute of &lt;html&gt; with a word for each state (data-density="compact|regular").</summary>
    public SessionKey OnHtml(string attribute, string whenTrue, string whenFalse)
    {
        if (Type != SessionKeyType.Flag)
        {
            throw new InvalidOperationException($"Key '{Name}' is not a flag: it shows its own value on <html>.");
        }

        return this with { Html = new KeyOnHtml(attribute, whenTrue, whenFalse) };
    }

    /// <summary>Names the page fragments, by element id, that show this key and refresh when it changes.</summary>
    public SessionKey ShownIn(params string[] fragmentIds)
    {
        ArgumentNullException.ThrowIfNull(fragmentIds);
        foreach (string id in fragmentIds)
        {
            if (string.IsNullOrEmpty(id) || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                throw new ArgumentException($"'{id}' is not a fragment id (lowercase letters, digits, dashes).", nameof(fragmentIds));
            }
        }

        return this with { Fragments = [.. Fragments, .. fragmentIds] };
    }

    /// <summary>The value to store, or why it cannot be stored.</summary>
    internal (string? Value, SessionValueError? Error) Validate(string? input)
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
