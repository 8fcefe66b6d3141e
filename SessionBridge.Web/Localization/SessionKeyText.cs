using Microsoft.Extensions.Localization;
using SessionBridge.Keys;

namespace SessionBridge.Web.Localization;

/// <summary>
/// How the keys of the session data table read in the request's language: "Key.{name}" is a key's label and
/// "Key.{name}.{value}" the label of one of its choices, in Strings*.resx.
/// </summary>
public sealed class SessionKeyText(IStringLocalizer<Strings> text)
{
    public string Label(SessionKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return text["Key." + key.Name];
    }

    public string Choice(SessionKey key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        return text["Key." + key.Name + "." + value];
    }

    public string Error(SessionKey key, SessionValueError error)
    {
        ArgumentNullException.ThrowIfNull(key);
        string label = Label(key);
        return error switch
        {
            SessionValueError.Missing => text["Validation.Missing", label],
            SessionValueError.TooLong => text["Validation.TooLong", label, key.MaxLength],
            SessionValueError.ControlCharacters => text["Validation.ControlCharacters", label],
            SessionValueError.NotAllowed => text["Validation.NotAllowed", label, string.Join(", ", key.AllowedValues!.Select(value => Choice(key, value)))],
            SessionValueError.NotTrueOrFalse => text["Validation.NotTrueOrFalse", label],
            _ => throw new ArgumentOutOfRangeException(nameof(error)),
        };
    }
}
