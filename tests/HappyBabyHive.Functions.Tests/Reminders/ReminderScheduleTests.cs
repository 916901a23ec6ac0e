using HappyBabyHive.Courses;
using HappyBabyHive.Reminders;
using HappyBabyHive.Time;

namespace HappyBabyHive.Tests.Reminders;

/// <summary>
/// "48 hours before" is counted on the UK clock: 10:00 two days before a 10:00 session, on both sides of both clock
/// changes. In 2027 the clocks go forward on Sunday 28 March and back on Sunday 31 October (01:00 UTC both).
/// </summary>
public sealed class ReminderScheduleTests
{
    private static DateTimeOffset Uk(int year, int month, int day, int hour, int minute = 0) =>
        UkTime.FromUkLocal(new DateOnly(year, month, day), new TimeOnly(hour, minute));

    [Fact]
    public void Across_the_spring_change_the_reminder_keeps_the_UK_clock_time_and_is_47_elapsed_hours_before()
    {
        var session = Uk(2027, 3, 29, 10); // Monday, BST: 09:00 UTC

        var due = ReminderSchedule.DueUtc(session, TimeSpan.FromHours(48));

        Assert.Equal(new DateTimeOffset(2027, 3, 27, 10, 0, 0, TimeSpan.Zero), due); // Saturday 10:00 GMT
        Assert.Equal("10:00", UkDateFormat.Clock(due));
        Assert.Equal(TimeSpan.FromHours(47), session - due);
    }

    [Fact]
    public void Across_the_autumn_change_the_reminder_keeps_the_UK_clock_time_and_is_49_elapsed_hours_before()
    {
        var session = Uk(2027, 11, 1, 10); // Monday, GMT: 10:00 UTC

        var due = ReminderSchedule.DueUtc(session, TimeSpan.FromHours(48));

        Assert.Equal(new DateTimeOffset(2027, 10, 30, 9, 0, 0, TimeSpan.Zero), due); // Saturday 10:00 BST
        Assert.Equal("10:00", UkDateFormat.Clock(due));
        Assert.Equal(TimeSpan.FromHours(49), session - due);
    }

    [Fact]
    public void Away_from_a_clock_change_UK_clock_time_and_elapsed_hours_agree()
    {
        var session = Uk(2027, 6, 15, 10);

        Assert.Equal(session.AddHours(-48), ReminderSchedule.DueUtc(session, TimeSpan.FromHours(48)));
        Assert.Equal(session.AddHours(-24), ReminderSchedule.DueUtc(session, TimeSpan.FromHours(24)));
        Assert.Equal(session.AddMinutes(-90), ReminderSchedule.DueUtc(session, TimeSpan.FromMinutes(90)));
    }

    [Fact]
    public void A_reminder_time_in_the_spring_gap_moves_forward_and_an_ambiguous_autumn_one_takes_the_first()
    {
        // 25 hours before 02:30 on Monday 29 March is 01:30 on Sunday 28 March, which doesn't exist in the UK.
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 1, 30, 0, TimeSpan.Zero), ReminderSchedule.DueUtc(Uk(2027, 3, 29, 2, 30), TimeSpan.FromHours(25)));

        // 01:30 on Sunday 31 October happens twice; the first (BST) is 00:30 UTC.
        Assert.Equal(new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero), ReminderSchedule.DueUtc(Uk(2027, 11, 1, 1, 30), TimeSpan.FromHours(24)));
    }

    [Fact]
    public void By_default_only_the_first_session_is_reminded_and_each_session_adds_the_rest()
    {
        var course = SampleCourses.Massage(new DateOnly(2027, 3, 16)); // Tuesdays 10:00, 16 March to 13 April

        var first = Assert.Single(ReminderSchedule.For(course, new ReminderOptions()));
        var each = ReminderSchedule.For(course, new ReminderOptions { EachSession = true });

        Assert.Equal((1, Uk(2027, 3, 14, 10)), (first.SessionNumber, first.DueUtc));
        Assert.Equal([1, 2, 3, 4, 5], each.Select(r => r.SessionNumber));
        Assert.Equal(Uk(2027, 3, 14, 10), each[0].DueUtc); // the first still 48 hours before
        Assert.Equal([Uk(2027, 3, 22, 10), Uk(2027, 3, 29, 10), Uk(2027, 4, 5, 10), Uk(2027, 4, 12, 10)], each.Skip(1).Select(r => r.DueUtc));
        Assert.Equal(5, each.Select(r => r.Template).Distinct().Count());
        Assert.Empty(ReminderSchedule.For(course with { Status = CourseStatus.Cancelled }, new ReminderOptions { EachSession = true }));
    }

    [Fact]
    public void A_reminder_is_due_from_its_time_until_its_session_starts_and_never_after()
    {
        var course = SampleCourses.Massage(new DateOnly(2027, 3, 16));
        var reminder = ReminderSchedule.For(course, new ReminderOptions())[0];

        Assert.False(reminder.IsDueAt(reminder.DueUtc.AddTicks(-1)));
        Assert.True(reminder.IsDueAt(reminder.DueUtc));
        Assert.True(reminder.IsDueAt(reminder.Session.StartsUtc.AddTicks(-1)));
        Assert.False(reminder.IsDueAt(reminder.Session.StartsUtc));
    }

    [Fact]
    public void A_template_names_its_session_start_and_reads_back()
    {
        var start = Uk(2027, 3, 29, 10);

        var template = ReminderTemplates.For(start);

        Assert.Equal("reminder-20270329T0900Z", template);
        Assert.True(ReminderTemplates.TryReadSessionStart(template, out var read));
        Assert.Equal(start, read);
        Assert.False(ReminderTemplates.TryReadSessionStart("reminder-soon", out _));
        Assert.False(ReminderTemplates.IsReminder("booking-confirmed"));
    }

    [Theory]
    [InlineData("00:59:00", "1.00:00:00", false)]
    [InlineData("48:00:00", "1.00:00:00", false)]
    [InlineData("15.00:00:00", "1.00:00:00", false)]
    [InlineData("2.00:00:00", "7.00:00:00", false)]
    [InlineData("2.00:00:00", "00:30:00", false)]
    [InlineData("2.00:00:00", "1.00:00:00", true)]
    [InlineData("14.00:00:00", "6.00:00:00", true)]
    public void The_options_refuse_spans_outside_their_ranges_and_read_days_as_days(string beforeFirst, string beforeEach, bool valid)
    {
        var options = new ReminderOptions { BeforeFirstSession = TimeSpan.Parse(beforeFirst, System.Globalization.CultureInfo.InvariantCulture), BeforeEachSession = TimeSpan.Parse(beforeEach, System.Globalization.CultureInfo.InvariantCulture) };

        // Configuration reads "48:00:00" as 48 days (TimeSpan's d:hh:mm), which is refused: write 2.00:00:00.
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        Assert.Equal(valid, System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true));
    }
}
