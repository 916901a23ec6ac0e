namespace HappyBabyHive.Courses.Management;

/// <summary>Weekly course dates: the rule that turns "first date, N weeks, skip these" into dates and back.</summary>
public static class CourseSchedule
{
    /// <summary>
    /// Weekly UK dates from <paramref name="firstDate"/>, passing over <paramref name="skipDates"/> (a bank holiday,
    /// say): the course then runs a week longer, so it always has <paramref name="weeks"/> sessions.
    /// </summary>
    public static IReadOnlyList<DateOnly> SessionDates(DateOnly firstDate, int weeks, IEnumerable<DateOnly> skipDates)
    {
        var skip = skipDates.ToHashSet();
        var dates = new List<DateOnly>(weeks);
        for (var date = firstDate; dates.Count < weeks; date = date.AddDays(7))
        {
            if (!skip.Contains(date) || date == firstDate)
            {
                dates.Add(date);
            }
        }

        return dates;
    }

    /// <summary>The weekly dates between the first and last session on which there was no session (the skipped weeks).</summary>
    public static IReadOnlyList<DateOnly> SkippedDates(IReadOnlyList<DateOnly> sessionDates)
    {
        if (sessionDates.Count == 0)
        {
            return [];
        }

        var held = sessionDates.ToHashSet();
        var skipped = new List<DateOnly>();
        for (var date = sessionDates[0]; date < sessionDates[^1]; date = date.AddDays(7))
        {
            if (!held.Contains(date))
            {
                skipped.Add(date);
            }
        }

        return skipped;
    }

    /// <summary>
    /// The same weekday in the following calendar month, the same way round: the first Tuesday gives next month's
    /// first Tuesday, the third Saturday its third Saturday. A fifth weekday that next month lacks becomes its last.
    /// </summary>
    public static DateOnly SameWeekdayNextMonth(DateOnly date)
    {
        var occurrence = ((date.Day - 1) / 7) + 1;
        var nextMonth = new DateOnly(date.Year, date.Month, 1).AddMonths(1);
        var first = nextMonth.AddDays(((int)date.DayOfWeek - (int)nextMonth.DayOfWeek + 7) % 7);
        var candidate = first.AddDays(7 * (occurrence - 1));
        return candidate.Month == nextMonth.Month ? candidate : candidate.AddDays(-7);
    }
}
