using System.Text.RegularExpressions;
using System.Xml.Linq;
using SessionBridge.Web.Pages.Session;

namespace SessionBridge.Tests.Localization;

/// <summary>
/// The UI's strings are complete in every language: each Strings.{language}.resx has exactly the keys of the English
/// Strings.resx, with the same placeholders, and every key the code asks a localizer for is there (a missing one would
/// show its key, or English, to the user).
/// </summary>
public sealed partial class StringsTests
{
    private static readonly string WebRoot = Path.Combine(Infrastructure.RequiredTool.RepoRoot(), "SessionBridge.Web");

    public static TheoryData<string> Languages() => [.. AppSessionKeys.Languages.Skip(1)];

    [Fact]
    public void Every_language_of_the_language_key_has_its_resource_file()
    {
        Assert.Equal("en", AppSessionKeys.Languages[0]);
        foreach (string language in AppSessionKeys.Languages.Skip(1))
        {
            Assert.True(File.Exists(ResourceFile(language)), $"{ResourceFile(language)} is missing");
        }
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Each_language_has_every_English_key_and_no_other(string language)
    {
        var english = Read(ResourceFile(null));
        var translated = Read(ResourceFile(language));

        Assert.Empty(english.Keys.Except(translated.Keys).Order(StringComparer.Ordinal));
        Assert.Empty(translated.Keys.Except(english.Keys).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Each_translation_is_filled_in_and_keeps_the_placeholders_of_the_English(string language)
    {
        var english = Read(ResourceFile(null));
        var translated = Read(ResourceFile(language));

        foreach (var (key, text) in translated)
        {
            Assert.False(string.IsNullOrWhiteSpace(text), $"{language}: {key} is empty");
            Assert.Equal(Placeholders(english[key]), Placeholders(text));
        }
    }

    [Fact]
    public void Every_key_the_pages_ask_for_is_in_the_resources()
    {
        var english = Read(ResourceFile(null));
        var asked = SourceFiles().SelectMany(file => LocalizerKey().Matches(File.ReadAllText(file)).Select(m => (file, key: m.Groups["key"].Value))).ToList();

        var missing = asked.Where(a => !english.ContainsKey(a.key)).Select(a => $"{Path.GetFileName(a.file)}: {a.key}").ToList();

        Assert.NotEmpty(asked);
        Assert.Empty(missing);
    }

    [Fact]
    public void Every_session_key_and_choice_has_a_label()
    {
        var english = Read(ResourceFile(null));
        var needed = AppSessionKeys.All.SelectMany(key => (key.AllowedValues ?? []).Select(value => $"Key.{key.Name}.{value}").Prepend("Key." + key.Name));

        var missing = needed.Where(key => !english.ContainsKey(key)).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_resource_is_used()
    {
        string code = string.Concat(SourceFiles().Select(File.ReadAllText));

        // Used: named in the code, or built from a literal prefix ("Key." + name, "Duration." + unit).
        var unused = Read(ResourceFile(null)).Keys
            .Where(key => !code.Contains($"\"{key}\"", StringComparison.Ordinal)
                && !Prefixes(key).Any(prefix => code.Contains($"\"{prefix}\"", StringComparison.Ordinal)))
            .ToList();

        Assert.Empty(unused);
    }

    private static IEnumerable<string> Prefixes(string key)
    {
        for (int dot = key.IndexOf('.', StringComparison.Ordinal); dot > 0; dot = key.IndexOf('.', dot + 1))
        {
            yield return key[..(dot + 1)];
        }
    }

    private static string ResourceFile(string? language) =>
        Path.Combine(WebRoot, "Localization", language is null ? "Strings.resx" : $"Strings.{language}.resx");

    private static Dictionary<string, string> Read(string path) =>
        XDocument.Load(path).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!, StringComparer.Ordinal);

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal)];

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(WebRoot, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    // Views use the injected IStringLocalizer<Strings> "L", page models and SessionKeyText their "text".
    [GeneratedRegex("""\b(?:L|text)\[\s*"(?<key>[^"]+)"\s*[,\]]""")]
    private static partial Regex LocalizerKey();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();
}
