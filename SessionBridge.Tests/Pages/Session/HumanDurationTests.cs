using SessionBridge.Web.Pages.Session;

namespace SessionBridge.Tests.Pages.Session;

/// <summary>Durations as a person says them, as the store inspector shows a time to live.</summary>
public sealed class HumanDurationTests
{
    [Theory]
    [InlineData("00:00:00", "0 seconds")]
    [InlineData("00:00:01", "1 second")]
    [InlineData("00:00:45", "45 seconds")]
    [InlineData("00:01:00", "1 minute")]
    [InlineData("00:19:59", "19 minutes")]
    [InlineData("01:00:00", "1 hour")]
    [InlineData("02:05:30", "2 hours, 5 minutes")]
    [InlineData("1.00:00:00", "1 day")]
    [InlineData("29.23:59:59", "29 days, 23 hours")]
    public void A_duration_is_its_largest_unit_and_the_next_one(string span, string said)
    {
        Assert.Equal(said, HumanDuration.Format(TimeSpan.Parse(span, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
