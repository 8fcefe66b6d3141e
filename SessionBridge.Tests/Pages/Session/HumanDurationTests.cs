using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using SessionBridge.Tests.Infrastructure;
using SessionBridge.Web.Localization;
using SessionBridge.Web.Pages.Session;

namespace SessionBridge.Tests.Pages.Session;

/// <summary>Durations as a person says them, in their language, as the store inspector shows a time to live.</summary>
public sealed class HumanDurationTests : IDisposable
{
    private readonly SessionBridgeApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("en", "00:00:00", "0 seconds")]
    [InlineData("en", "00:00:01", "1 second")]
    [InlineData("en", "00:00:45", "45 seconds")]
    [InlineData("en", "00:01:00", "1 minute")]
    [InlineData("en", "00:19:59", "19 minutes")]
    [InlineData("en", "01:00:00", "1 hour")]
    [InlineData("en", "02:05:30", "2 hours, 5 minutes")]
    [InlineData("en", "1.00:00:00", "1 day")]
    [InlineData("en", "29.23:59:59", "29 days, 23 hours")]
    [InlineData("de", "00:19:59", "19 Minuten")]
    [InlineData("fr", "29.23:59:59", "29 jours, 23 heures")]
    public void A_duration_is_its_largest_unit_and_the_next_one(string language, string span, string said)
    {
        var text = _app.Services.GetRequiredService<IStringLocalizer<Strings>>();
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
        try
        {
            Assert.Equal(said, HumanDuration.Format(TimeSpan.Parse(span, CultureInfo.InvariantCulture), text));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
