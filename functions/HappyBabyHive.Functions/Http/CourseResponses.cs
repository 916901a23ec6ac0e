using HappyBabyHive.Bookings;
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
    string Availability,
    CoursePaymentResponse Payment)
{
    public static CourseSummaryResponse From(Course course, DateTimeOffset now, bool cardPaymentsOn) => new(
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
        DescribeAvailability(course, now),
        CoursePaymentResponse.For(course, cardPaymentsOn));

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

/// <summary>
/// How a family may pay for a place on the course: each flag is a value the booking API's <c>paymentMethod</c> accepts
/// here. Both false on a free course (nothing to pay).
/// </summary>
/// <param name="Card">"card": pay at Stripe Checkout straight after booking (card payments are on).</param>
/// <param name="AnotherWay">"anotherWay": bank transfer or cash; the place is confirmed unpaid and the email says how to pay.</param>
public sealed record CoursePaymentResponse(bool Card, bool AnotherWay)
{
    public static CoursePaymentResponse For(Course course, bool cardPaymentsOn)
    {
        var (card, anotherWay) = PaymentChoice.Offered(course, cardPaymentsOn);
        return new(card, anotherWay);
    }
}

public sealed record BabyAgeResponse(int FromWeeks, int ToWeeks, string Description);

public sealed record SessionResponse(DateTimeOffset StartsAt, DateTimeOffset EndsAt, string When);

public sealed record CourseDetailResponse(
    CourseSummaryResponse Course,
    string Description,
    string VenueAddress,
    IReadOnlyList<SessionResponse> Sessions)
{
    public static CourseDetailResponse From(Course course, DateTimeOffset now, bool cardPaymentsOn) => new(
        CourseSummaryResponse.From(course, now, cardPaymentsOn),
        course.Description,
        course.VenueAddress,
        course.Sessions
            .Select(s => new SessionResponse(UkTime.ToUk(s.StartsUtc), UkTime.ToUk(s.EndsUtc), UkDateFormat.SessionLine(s.StartsUtc, s.EndsUtc)))
            .ToList());
}
