using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Refunds;
using HappyBabyHive.Time;

namespace HappyBabyHive.Tests.Payments;

/// <summary>The cancellation policy's boundary, counted on the UK wall clock, including across both clock changes.</summary>
public sealed class RefundPolicyTests
{
    [Theory]
    // Spring forward (Sun 29 Mar 2026): a course Sat 4 Apr 10:00 BST (09:00Z); 7 days before is Sat 28 Mar 10:00 GMT = 10:00Z,
    // an hour later than 168 hours before in UTC.
    [InlineData("2026-04-04T09:00:00Z", "2026-03-28T10:00:00Z")]
    // Fall back (Sun 25 Oct 2026): a course Sat 31 Oct 10:00 GMT (10:00Z); 7 days before is Sat 24 Oct 10:00 BST = 09:00Z.
    [InlineData("2026-10-31T10:00:00Z", "2026-10-24T09:00:00Z")]
    // No change in between: exactly 7 × 24 hours.
    [InlineData("2026-06-13T09:00:00Z", "2026-06-06T09:00:00Z")]
    public void A_full_refund_lasts_until_the_same_UK_clock_time_seven_days_before(string firstSession, string lastRefundedInstant)
    {
        var course = CourseStarting(DateTimeOffset.Parse(firstSession, System.Globalization.CultureInfo.InvariantCulture));
        var until = DateTimeOffset.Parse(lastRefundedInstant, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(until, RefundPolicy.Default.FullRefundUntilUtc(course));
        Assert.True(RefundPolicy.Default.RefundsFamilyCancellingAt(course, until));
        Assert.True(RefundPolicy.Default.RefundsFamilyCancellingAt(course, until.AddHours(-1)));
        Assert.False(RefundPolicy.Default.RefundsFamilyCancellingAt(course, until.AddTicks(1)));
        Assert.False(RefundPolicy.Default.RefundsFamilyCancellingAt(course, until.AddMinutes(30)));
    }

    [Fact]
    public void Zero_days_refunds_right_up_to_the_first_session()
    {
        var course = CourseStarting(new DateTimeOffset(2026, 10, 31, 10, 0, 0, TimeSpan.Zero));

        Assert.Equal(course.FirstSessionStartsUtc, new RefundPolicy(0).FullRefundUntilUtc(course));
    }

    [Property(MaxTest = 500)]
    public bool The_boundary_is_the_first_sessions_UK_time_of_day_on_the_UK_date_that_many_days_earlier(PositiveInt minutesAhead, NonNegativeInt days)
    {
        // Courses start on the quarter hour between 08:00 and 20:00 UK time (never in the small-hours clock change gap).
        var day = new DateOnly(2026, 1, 1).AddDays(minutesAhead.Get % 730);
        var time = new TimeOnly(8, 0).AddMinutes(15 * (minutesAhead.Get % 48));
        var course = CourseStarting(UkTime.FromUkLocal(day, time));
        var policy = new RefundPolicy(days.Get % (RefundPolicy.MaxDaysBefore + 1));

        var until = UkTime.ToUk(policy.FullRefundUntilUtc(course));

        return DateOnly.FromDateTime(until.DateTime) == day.AddDays(-policy.DaysBefore) && TimeOnly.FromDateTime(until.DateTime) == time &&
               (policy.DaysBefore == 0 || until < UkTime.ToUk(course.FirstSessionStartsUtc));
    }

    private static Course CourseStarting(DateTimeOffset startsUtc) => new()
    {
        Id = "massage-test",
        Kind = CourseKind.BabyMassage,
        Title = "Baby Massage",
        Description = "Calm.",
        Venue = "The Hive Room",
        Sessions = [new CourseSession(startsUtc, startsUtc.AddHours(1))],
        Capacity = 10,
        FreePlaces = 0,
        PricePence = 6000,
        BabyAge = new BabyAgeRange(6, 30, "6 weeks to crawling"),
    };
}
