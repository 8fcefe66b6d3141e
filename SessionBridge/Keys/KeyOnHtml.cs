using System.Text.RegularExpressions;

namespace SessionBridge.Keys;

/// <summary>
/// The attribute of &lt;html&gt; that shows a key (<see cref="SessionKey.OnHtml(string)"/>). Only data attributes: the
/// page's script sets what the server names, and a name like "onload" or "lang" must never be one of them.
/// </summary>
internal sealed partial record KeyOnHtml
{
    internal KeyOnHtml(string name, string? whenTrue = null, string? whenFalse = null)
    {
        if (!DataAttribute().IsMatch(name ?? string.Empty))
        {
            throw new ArgumentException($"'{name}' is not a data attribute (data- and lowercase letters, digits, dashes).", nameof(name));
        }

        Name = name!;
        WhenTrue = whenTrue;
        WhenFalse = whenFalse;
    }

    /// <summary>The attribute's name, such as "data-theme".</summary>
    public string Name { get; }

    /// <summary>A flag's word for "true"; null to show the value itself.</summary>
    public string? WhenTrue { get; }

    /// <summary>A flag's word for "false"; null to show the value itself.</summary>
    public string? WhenFalse { get; }

    /// <summary>What the attribute reads for a stored value.</summary>
    public string ValueFor(string stored) => stored switch
    {
        "true" when WhenTrue is not null => WhenTrue,
        "false" when WhenFalse is not null => WhenFalse,
        _ => stored,
    };

    [GeneratedRegex("^data-[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex DataAttribute();
}
