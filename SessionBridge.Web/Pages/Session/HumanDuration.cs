using Microsoft.Extensions.Localization;
using SessionBridge.Web.Localization;

namespace SessionBridge.Web.Pages.Session;

/// <summary>
/// A time span as a person says it: its largest unit, and the next one when it is not zero ("29 days, 23 hours",
/// "19 minutes"). Seconds show only under a minute: an inspector read twice a second apart should not look different.
/// </summary>
public static class HumanDuration
{
    public static string Format(TimeSpan span, IStringLocalizer<Strings> text)
    {
        string seconds = Count(text, Math.Max(0, span.Seconds), "Duration.Second", "Duration.Seconds");
        string minutes = Count(text, span.Minutes, "Duration.Minute", "Duration.Minutes");
        string hours = Count(text, span.Hours, "Duration.Hour", "Duration.Hours");
        string days = Count(text, span.Days, "Duration.Day", "Duration.Days");
        return span switch
        {
            { TotalMinutes: < 1 } => seconds,
            { TotalHours: < 1 } => minutes,
            { TotalDays: < 1 } => span.Minutes == 0 ? hours : text["Duration.Pair", hours, minutes],
            _ => span.Hours == 0 ? days : text["Duration.Pair", days, hours],
        };
    }

    // One and many is all the five languages need.
    private static string Count(IStringLocalizer<Strings> text, int count, string one, string many) => text[count == 1 ? one : many, count];
}
