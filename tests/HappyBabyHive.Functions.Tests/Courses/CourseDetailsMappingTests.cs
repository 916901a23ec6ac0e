using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;

namespace HappyBabyHive.Tests.Courses;

public sealed class CourseDetailsMappingTests
{
    private static Course Map(CourseDetails details) => ParsedCourseDetails.From(details).ToCourse("massage-test");

    [Fact]
    public void A_course_across_the_spring_clock_change_keeps_its_ten_oclock_start()
    {
        // Tuesdays from 16 March 2027; the clocks go forward on Sunday 28 March.
        var course = Map(CourseDetailsValidatorTests.Valid());

        Assert.Equal(
            [
                new DateTimeOffset(2027, 3, 16, 10, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2027, 3, 23, 10, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2027, 3, 30, 9, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2027, 4, 6, 9, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2027, 4, 13, 9, 0, 0, TimeSpan.Zero),
            ],
            course.Sessions.Select(s => s.StartsUtc));
        Assert.All(course.Sessions, s => Assert.Equal(TimeSpan.FromHours(1), s.EndsUtc - s.StartsUtc));
        Assert.All(course.Sessions, s => Assert.Equal(10, HappyBabyHive.Time.UkTime.ToUk(s.StartsUtc).Hour));
    }

    [Fact]
    public void A_course_across_the_autumn_clock_change_keeps_its_start_too()
    {
        // Sundays from 17 October 2027, 13:30–14:15; the clocks go back on Sunday 31 October, a session day.
        var course = Map(CourseDetailsValidatorTests.Valid() with { FirstSessionDate = "2027-10-17", StartTime = "13:30", EndTime = "14:15", Weeks = "4" });

        Assert.Equal(
            [
                new DateTimeOffset(2027, 10, 17, 12, 30, 0, TimeSpan.Zero),
                new DateTimeOffset(2027, 10, 24, 12, 30, 0, TimeSpan.Zero),
                new DateTimeOffset(2027, 10, 31, 13, 30, 0, TimeSpan.Zero),
                new DateTimeOffset(2027, 11, 7, 13, 30, 0, TimeSpan.Zero),
            ],
            course.Sessions.Select(s => s.StartsUtc));
        Assert.All(course.Sessions, s => Assert.Equal("14:15", HappyBabyHive.Time.UkDateFormat.Clock(s.EndsUtc)));
    }

    [Fact]
    public void Every_field_maps_onto_the_course()
    {
        var course = Map(CourseDetailsValidatorTests.Valid() with { Kind = "baby-yoga", Price = "59.50", Title = "  Yoga  ", Description = "Line one\r\nLine two " });

        Assert.Equal(CourseKind.BabyYoga, course.Kind);
        Assert.Equal("Yoga", course.Title);
        Assert.Equal("Line one\nLine two", course.Description);
        Assert.Equal("The Hive Room, Cottingham", course.Venue);
        Assert.Equal("Hallgate, Cottingham HU16", course.VenueAddress);
        Assert.Equal((10, 2, 5950), (course.Capacity, course.FreePlaces, course.PricePence));
        Assert.Equal(new BabyAgeRange(6, 30, "6 weeks to not yet crawling"), course.BabyAge);
        Assert.Equal(CourseStatus.Open, course.Status);
        Assert.Equal((0, 0, 0), (course.GeneralPlacesTaken, course.FreePlacesTaken, course.WaitlistCount));
    }

    [Fact]
    public void A_course_maps_back_to_the_form_in_UK_time_and_round_trips()
    {
        var details = CourseDetailsValidatorTests.Valid() with { Price = "59.50", SkipDates = ["2027-04-06"], FirstSessionDate = "2027-03-23" };
        var course = Map(details);

        var back = CourseDetails.From(course);

        Assert.Equal("2027-03-23", back.FirstSessionDate);
        Assert.Equal(("10:00", "11:00"), (back.StartTime, back.EndTime));
        Assert.Equal("5", back.Weeks);
        Assert.Equal(["2027-04-06"], back.SkipDates);
        Assert.Equal("59.50", back.Price);
        Assert.Equal(course.Sessions, Map(back).Sessions);
        Assert.Equal(details with { SkipDates = back.SkipDates }, back);
    }

    [Theory]
    [InlineData("2027-03-02", "2027-04-06")] // first Tuesday of March -> first Tuesday of April
    [InlineData("2027-03-16", "2027-04-20")] // third Tuesday
    [InlineData("2027-03-30", "2027-04-27")] // fifth Tuesday of March; April has four, so its last
    [InlineData("2027-12-04", "2028-01-01")] // first Saturday of December -> first Saturday of January, next year
    [InlineData("2028-01-31", "2028-02-28")] // fifth Monday; February 2028 has four Mondays
    public void Duplicating_to_next_month_keeps_the_weekday_and_its_place_in_the_month(string from, string to) =>
        Assert.Equal(DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture), CourseSchedule.SameWeekdayNextMonth(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(CourseKind.BabyMassage, "The Hive Room, Cottingham", "2026-12-08", "massage-cottingham-tue-2026-12-08")]
    [InlineData(CourseKind.BabyYoga, "Community Hall, Hull city centre", "2027-01-07", "yoga-hull-city-centre-thu-2027-01-07")]
    [InlineData(CourseKind.BabyYoga, "Café Crème", "2027-01-09", "yoga-cafe-creme-sat-2027-01-09")]
    [InlineData(CourseKind.BabyMassage, "St Nicholas Community Centre and Gardens Beverley", "2027-01-09", "massage-st-nicholas-community-sat-2027-01-09")]
    [InlineData(CourseKind.BabyMassage, "!!!", "2027-01-09", "massage-sat-2027-01-09")]
    public void Course_ids_are_readable_and_safe(CourseKind kind, string venue, string date, string id) =>
        Assert.Equal(id, CourseIds.For(kind, venue, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_clashing_id_gets_a_numbered_suffix() =>
        Assert.Equal(["massage-tue-2027-03-02", "massage-tue-2027-03-02-2", "massage-tue-2027-03-02-3"], CourseIds.Candidates("massage-tue-2027-03-02").Take(3));
}
