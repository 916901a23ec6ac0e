using HappyBabyHive.Courses;
using HappyBabyHive.Text;
using HappyBabyHive.Time;

namespace HappyBabyHive.Http;

/// <summary>What the website's form needs to show a course. Times are UK local with their offset.</summary>
public sealed record CourseSummaryResponse(
    string Id,
    string Kind,
    string Title,
    string Venue,
    DateTimeOffset FirstSessionStartsAt,
    int SessionCount,
    string Schedule,
    int PricePence,
    string Price,
    BabyAgeResponse BabyAge,
    int SpacesLeft,
    bool WaitlistOpen,
    string Availability)
{
    public static CourseSummaryResponse From(Course course, DateTimeOffset now) => new(
        course.Id,
        KindName(course.Kind),
        course.Title,
        course.Venue,
        UkTime.ToUk(course.FirstSessionStartsUtc),
        course.Sessions.Count,
        UkDateFormat.ScheduleSummary(course.Sessions.Select(s => (s.StartsUtc, s.EndsUtc)).ToList()),
        course.PricePence,
        Money.Pounds(course.PricePence),
        new BabyAgeResponse(course.BabyAge.FromWeeks, course.BabyAge.ToWeeks, course.BabyAge.Description),
        course.GeneralSpacesLeft,
        course.WaitlistOpen(now),
        DescribeAvailability(course, now));

    public static string KindName(CourseKind kind) => kind switch
    {
        CourseKind.BabyMassage => "baby-massage",
        CourseKind.BabyYoga => "baby-yoga",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static string DescribeAvailability(Course course, DateTimeOffset now) => course switch
    {
        _ when !course.IsBookable(now) => "Not taking bookings",
        { GeneralSpacesLeft: 0 } => "Full: join the waitlist",
        { GeneralSpacesLeft: 1 } => "1 place left",
        _ => $"{course.GeneralSpacesLeft} places left",
    };
}

public sealed record BabyAgeResponse(int FromWeeks, int ToWeeks, string Description);

public sealed record SessionResponse(DateTimeOffset StartsAt, DateTimeOffset EndsAt, string When);

public sealed record CourseDetailResponse(
    CourseSummaryResponse Course,
    string Description,
    string VenueAddress,
    IReadOnlyList<SessionResponse> Sessions)
{
    public static CourseDetailResponse From(Course course, DateTimeOffset now) => new(
        CourseSummaryResponse.From(course, now),
        course.Description,
        course.VenueAddress,
        course.Sessions
            .Select(s => new SessionResponse(UkTime.ToUk(s.StartsUtc), UkTime.ToUk(s.EndsUtc), UkDateFormat.SessionLine(s.StartsUtc, s.EndsUtc)))
            .ToList());
}
