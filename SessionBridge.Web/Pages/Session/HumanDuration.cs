using System.Globalization;

namespace SessionBridge.Web.Pages.Session;

/// <summary>
/// A time span as a person says it: its largest unit, and the next one when it is not zero ("29 days, 23 hours",
/// "19 minutes"). Seconds show only under a minute: an inspector read twice a second apart should not look different.
/// </summary>
public static class HumanDuration
{
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return Unit(Math.Max(0, span.Seconds), "second");
        }

        return span switch
        {
            { TotalHours: < 1 } => Unit(span.Minutes, "minute"),
            { TotalDays: < 1 } => Pair(span.Hours, "hour", span.Minutes, "minute"),
            _ => Pair(span.Days, "day", span.Hours, "hour"),
        };
    }

    private static string Pair(int major, string majorUnit, int minor, string minorUnit) =>
        minor == 0 ? Unit(major, majorUnit) : Unit(major, majorUnit) + ", " + Unit(minor, minorUnit);

    private static string Unit(int count, string unit) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? unit : unit + "s");
}
