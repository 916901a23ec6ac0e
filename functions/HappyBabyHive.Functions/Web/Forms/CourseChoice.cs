using HappyBabyHive.Courses;
using HappyBabyHive.Pages.Forms;
using HappyBabyHive.Text;
using HappyBabyHive.Time;

namespace HappyBabyHive.Web.Forms;

/// <summary>Courses as the forms offer them (<see cref="CourseOption"/>): everything worded for people at this moment.</summary>
public static class CourseChoices
{
    public static CourseOption From(Course course, DateTimeOffset now) => new(
        course.Id,
        KindName(course.Kind),
        course.Title,
        UkDateFormat.ScheduleSummary(course.Sessions.Select(s => (s.StartsUtc, s.EndsUtc)).ToList()),
        course.Venue,
        Money.Pounds(course.PricePence),
        course.BabyAge.Description,
        course switch
        {
            _ when !course.IsBookable(now) => "Not taking bookings",
            { GeneralSpacesLeft: 0 } => "Full: join the waitlist",
            { GeneralSpacesLeft: 1 } => "1 place left",
            _ => $"{course.GeneralSpacesLeft} places left",
        },
        course.IsBookable(now))
    {
        PayAnotherWay = course.PayAnotherWayAllowed && course.PricePence > 0,
    };

    public static string KindName(CourseKind kind) => kind switch
    {
        CourseKind.BabyMassage => "Baby massage",
        CourseKind.BabyYoga => "Baby yoga",
        _ => kind.ToString(),
    };

    /// <summary>Upcoming courses as the forms offer them, worded at this moment.</summary>
    public static async Task<IReadOnlyList<CourseOption>> UpcomingAsync(ICourseStore courses, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return (await courses.ListUpcomingAsync(now, cancellationToken)).Select(c => From(c, now)).ToList();
    }
}
