using HappyBabyHive.Time;

namespace HappyBabyHive.Tests.Time;

public sealed class UkTimeTests
{
    [Theory]
    [InlineData("2027-03-23", 10)] // GMT, the week before the clocks go forward (28 March 2027)
    [InlineData("2027-03-30", 9)]  // BST: 10:00 in London is 09:00 UTC
    [InlineData("2026-10-20", 9)]  // BST, the week before the clocks go back (25 October 2026)
    [InlineData("2026-10-27", 10)] // GMT again
    public void Ten_oclock_in_London_is_stored_as_the_right_UTC_hour(string date, int expectedUtcHour)
    {
        var instant = UkTime.FromUkLocal(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), new TimeOnly(10, 0));

        Assert.Equal(TimeSpan.Zero, instant.Offset);
        Assert.Equal(expectedUtcHour, instant.Hour);
        Assert.Equal(10, UkTime.ToUk(instant).Hour);
    }

    [Fact]
    public void A_time_in_the_spring_gap_moves_forward()
    {
        var instant = UkTime.FromUkLocal(new DateOnly(2027, 3, 28), new TimeOnly(1, 30));

        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 30, 0, TimeSpan.Zero), instant);
    }

    [Fact]
    public void An_ambiguous_autumn_time_is_the_first_occurrence()
    {
        var instant = UkTime.FromUkLocal(new DateOnly(2026, 10, 25), new TimeOnly(1, 30));

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), instant);
    }

    [Fact]
    public void A_weekly_course_across_the_clock_change_reads_as_one_time()
    {
        var sessions = new[] { "2027-03-16", "2027-03-23", "2027-03-30", "2027-04-06" }
            .Select(d => UkTime.FromUkLocal(DateOnly.Parse(d, System.Globalization.CultureInfo.InvariantCulture), new TimeOnly(10, 0)))
            .Select(s => (s, s.AddHours(1)))
            .ToList();

        Assert.Equal("Tuesdays 10:00–11:00, 16 Mar – 6 Apr", UkDateFormat.ScheduleSummary(sessions));
        Assert.Equal("Tuesday 30 March 2027, 10:00–11:00", UkDateFormat.SessionLine(sessions[2].s, sessions[2].Item2));
    }
}
