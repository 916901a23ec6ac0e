using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Admission;
using HappyBabyHive.Tests.Support;

namespace HappyBabyHive.Tests.Courses;

public sealed class CourseAdmissionTests
{
    // First session Tuesday 2 February 2027, 10:00 UK; ages 6 to 30 weeks (up to the last day of week 30).
    private static readonly Course Course = SampleCourses.Massage(new DateOnly(2027, 2, 2));
    private static readonly DateTimeOffset Before = new(2027, 1, 4, 9, 0, 0, TimeSpan.Zero);

    private static DateOnly BornDaysBefore(int days) => Course.FirstSessionUkDate.AddDays(-days);

    [Theory]
    [InlineData(6 * 7, true)]
    [InlineData((6 * 7) - 1, false)]
    [InlineData((30 * 7) + 6, true)]
    [InlineData((30 * 7) + 7, false)]
    public void The_baby_must_be_in_the_range_on_the_day_of_the_first_session(int ageDays, bool admitted) =>
        Assert.Equal(admitted, CourseAdmission.Admits(Course, BornDaysBefore(ageDays), Before));

    [Fact]
    public void Families_and_the_owner_are_told_the_same_facts_and_families_also_what_to_do_next()
    {
        var family = CourseAdmission.CheckAge(Course, BornDaysBefore(35), AdmissionAudience.Family)!;
        var owner = CourseAdmission.CheckAge(Course, BornDaysBefore(35), AdmissionAudience.Owner)!;

        Assert.Equal(5, family.AgeWeeks);
        Assert.Equal(
            "Your baby would be 5 weeks old at the first session on Tuesday 2 February. This course is for babies aged 6 weeks to not yet crawling (about 7 months). " +
            "Please choose another course, or get in touch and we'll help you find one.",
            family.Message);
        Assert.Equal(
            "The baby would be 5 weeks old at the first session on Tuesday 2 February. This course is for babies aged 6 weeks to not yet crawling (about 7 months).",
            owner.Message);
    }

    [Theory]
    [InlineData(CourseStatus.Cancelled, "This course has been cancelled, so it can't be booked.")]
    [InlineData(CourseStatus.Closed, "This course is closed to new bookings.")]
    public void A_course_that_is_not_open_is_refused_before_the_age_is_looked_at(CourseStatus status, string reason)
    {
        var refusal = CourseAdmission.Check(Course with { Status = status }, BornDaysBefore(1), Before, AdmissionAudience.Owner);

        Assert.Equal(reason, Assert.IsType<AdmissionRefusal.NotBookable>(refusal).Message);
    }

    [Fact]
    public void A_course_is_not_bookable_once_its_first_session_has_started()
    {
        var started = Course.FirstSessionStartsUtc;

        Assert.Null(CourseAdmission.CheckBookable(Course, started.AddMinutes(-1), AdmissionAudience.Owner));
        Assert.Equal(
            "This course has already started, so it can't be booked.",
            CourseAdmission.CheckBookable(Course, started, AdmissionAudience.Owner)!.Message);
    }
}
