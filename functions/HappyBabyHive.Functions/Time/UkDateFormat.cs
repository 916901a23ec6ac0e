using System.Globalization;

namespace HappyBabyHive.Time;

/// <summary>Dates and times written the way people in the UK say them: "Tuesday 6 January, 10:00".</summary>
public static class UkDateFormat
{
    public static CultureInfo Culture { get; } = CultureInfo.GetCultureInfo("en-GB");

    public static string DayAndDate(DateTimeOffset instant) =>
        UkTime.ToUk(instant).ToString("dddd d MMMM yyyy", Culture);

    public static string ShortDate(DateTimeOffset instant) =>
        UkTime.ToUk(instant).ToString("d MMM", Culture);

    public static string Clock(DateTimeOffset instant) =>
        UkTime.ToUk(instant).ToString("HH:mm", Culture);

    /// <summary>
    /// A short hold's end as a parent reads it: "14:30 (UK time)", with the day added when it isn't today in the UK
    /// ("00:10 (UK time) on Tuesday 1 December 2026"), so an email read the next morning isn't misleading.
    /// </summary>
    public static string ClockToday(DateTimeOffset instant, DateTimeOffset now) =>
        DayAndDate(instant) == DayAndDate(now) ? $"{Clock(instant)} (UK time)" : $"{Clock(instant)} (UK time) on {DayAndDate(instant)}";

    public static string SessionLine(DateTimeOffset startsUtc, DateTimeOffset endsUtc) =>
        $"{DayAndDate(startsUtc)}, {Clock(startsUtc)}–{Clock(endsUtc)}";

    /// <summary>A course at a glance, e.g. "Tuesdays 10:00–11:00, 6 Jan – 3 Feb".</summary>
    public static string ScheduleSummary(IReadOnlyList<(DateTimeOffset StartsUtc, DateTimeOffset EndsUtc)> sessions)
    {
        if (sessions.Count == 0)
        {
            return string.Empty;
        }

        var first = sessions[0];
        var last = sessions[^1];
        var firstLocal = UkTime.ToUk(first.StartsUtc);
        var sameWeekdayAndTime = sessions.All(s =>
            UkTime.ToUk(s.StartsUtc).DayOfWeek == firstLocal.DayOfWeek &&
            Clock(s.StartsUtc) == Clock(first.StartsUtc) &&
            Clock(s.EndsUtc) == Clock(first.EndsUtc));

        var when = sameWeekdayAndTime
            ? $"{firstLocal.ToString("dddd", Culture)}s {Clock(first.StartsUtc)}–{Clock(first.EndsUtc)}"
            : $"{sessions.Count} sessions";
        return sessions.Count == 1
            ? $"{DayAndDate(first.StartsUtc)}, {Clock(first.StartsUtc)}–{Clock(first.EndsUtc)}"
            : $"{when}, {ShortDate(first.StartsUtc)} – {ShortDate(last.StartsUtc)}";
    }
}
