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
        if (span < TimeSpan.FromMinutes(1))
        {
            return Unit(Math.Max(0, span.Seconds), "Second", text);
        }

        return span switch
        {
            { TotalHours: < 1 } => Unit(span.Minutes, "Minute", text),
            { TotalDays: < 1 } => Pair(Unit(span.Hours, "Hour", text), span.Minutes == 0 ? null : Unit(span.Minutes, "Minute", text), text),
            _ => Pair(Unit(span.Days, "Day", text), span.Hours == 0 ? null : Unit(span.Hours, "Hour", text), text),
        };
    }

    private static string Pair(string major, string? minor, IStringLocalizer<Strings> text) =>
        minor is null ? major : text["Duration.Pair", major, minor];

    // Keys Duration.Second / Duration.Seconds and so on: one and many, which is all five languages need.
    private static string Unit(int count, string unit, IStringLocalizer<Strings> text) =>
        text[count == 1 ? "Duration." + unit : "Duration." + unit + "s", count];
}
