using System.Globalization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SessionBridge.Web.Localization;

namespace SessionBridge.Tests.Localization;

/// <summary>The remembered strings are per UI culture, formatted per call, and a name not in the .resx files stays a miss.</summary>
public sealed class CachedStringsTests
{
    private readonly CachedStrings _strings = new(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    [Fact]
    public void Each_culture_gets_its_own_strings_whatever_was_asked_before()
    {
        var texts = new List<string>();
        foreach (string culture in new[] { "en", "de", "en", "fr", "de" })
        {
            using var _ = new UiCulture(culture);
            texts.Add(_strings["Greeting.Named", "Ana"]);
        }

        Assert.Equal(["Hello, Ana", "Hallo, Ana", "Hello, Ana", "Bonjour, Ana", "Hallo, Ana"], texts);
    }

    [Fact]
    public void A_name_that_is_not_a_string_is_reported_missing_every_time()
    {
        using var _ = new UiCulture("en");

        Assert.True(_strings["No.Such.String"].ResourceNotFound);
        Assert.True(_strings["No.Such.String"].ResourceNotFound);
        Assert.Equal("No.Such.String", _strings["No.Such.String"].Value);
    }

    private sealed class UiCulture : IDisposable
    {
        private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
        private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

        public UiCulture(string name) => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

        public void Dispose()
        {
            CultureInfo.CurrentCulture = _culture;
            CultureInfo.CurrentUICulture = _uiCulture;
        }
    }
}
