using Microsoft.Extensions.Localization;
using SessionBridge.Keys;

namespace SessionBridge.Web.Localization;

/// <summary>
/// How the keys of the session data table read in the request's language: "Key.{name}" is a key's label and
/// "Key.{name}.{value}" the label of one of its choices, in Strings*.resx. A key not worded there yet reads as its
/// name and its choices as their values, so a key added in code shows (and saves) before its translations exist.
/// </summary>
public sealed class SessionKeyText(IStringLocalizer<Strings> text)
{
    public string Label(SessionKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var label = text["Key." + key.Name];
        return label.ResourceNotFound ? key.Name : label.Value;
    }

    public string Choice(SessionKey key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var label = text["Key." + key.Name + "." + value];
        return label.ResourceNotFound ? value : label.Value;
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
