using System.Globalization;
using System.Text;
using HappyBabyHive.Courses;
using HappyBabyHive.Text;
using HappyBabyHive.Time;
using static HappyBabyHive.Web.HtmlPage;

namespace HappyBabyHive.Web.Forms;

/// <summary>A course as the forms show it: everything already worded for people.</summary>
public sealed record CourseChoice(string Id, string Kind, string Title, string When, string Venue, string Price, string BabyAge, string Availability, bool Bookable)
{
    public static CourseChoice From(Course course, DateTimeOffset now) => new(
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
        course.IsBookable(now));

    public static string KindName(CourseKind kind) => kind switch
    {
        CourseKind.BabyMassage => "Baby massage",
        CourseKind.BabyYoga => "Baby yoga",
        _ => kind.ToString(),
    };

    public string Heading => $"{Kind}: {Title}";

    /// <summary>Upcoming courses as the forms offer them, worded at this moment.</summary>
    public static async Task<IReadOnlyList<CourseChoice>> UpcomingAsync(ICourseStore courses, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return (await courses.ListUpcomingAsync(now, cancellationToken)).Select(c => From(c, now)).ToList();
    }
}

/// <summary>
/// Courses as large radio cards. The data-choice spans name what forms.js copies from the chosen card into the
/// result card (course, when, venue), so the confirmation shows the course in the same words without asking again.
/// </summary>
public static class CourseCards
{
    /// <param name="withPriceAndPlaces">The booking form shows the price and places left; the free-place form doesn't (it's free, and the owner decides).</param>
    public static string Render(FormState state, IEnumerable<CourseChoice> courses, string? selectedId, bool withPriceAndPlaces, bool firstTakesFieldId = true)
    {
        var invalid = FormFields.Invalid(state.ErrorFor(FieldNames.CourseId));
        var html = new StringBuilder();
        var first = firstTakesFieldId;
        foreach (var course in courses)
        {
            var id = FormFields.RadioId(FieldNames.CourseId, course.Id, first);
            var isChecked = string.Equals(course.Id, selectedId, StringComparison.Ordinal) && course.Bookable ? " checked" : string.Empty;
            var disabled = course.Bookable ? string.Empty : " disabled";
            var venueLine = withPriceAndPlaces
                ? $"<span class=\"course-meta\"><span data-choice=\"venue\">{H(course.Venue)}</span> · {H(course.Price)}</span>"
                : $"<span class=\"course-meta\" data-choice=\"venue\">{H(course.Venue)}</span>";
            var availability = withPriceAndPlaces ? $"\n<span class=\"availability\">{H(course.Availability)}</span>" : string.Empty;
            html.Append(CultureInfo.InvariantCulture, $"""
                <label class="course-option" for="{id}">
                <input type="radio" id="{id}" name="{FieldNames.CourseId}" value="{H(course.Id)}"{isChecked}{disabled}{invalid}>
                <span><span class="course-title" data-choice="course">{H(course.Heading)}</span>
                <span class="course-meta" data-choice="when">{H(course.When)}</span>
                {venueLine}
                <span class="course-meta">For babies {H(course.BabyAge)}</span>{availability}</span>
                </label>
                """);
            first = false;
        }

        return html.ToString();
    }

    /// <summary>A card with no course details, e.g. "any suitable upcoming course".</summary>
    public static string Plain(FormState state, string value, string heading, string detail, bool isChecked, bool first)
    {
        var id = FormFields.RadioId(FieldNames.CourseId, value, first);
        return $"""
            <label class="course-option" for="{id}">
            <input type="radio" id="{id}" name="{FieldNames.CourseId}" value="{H(value)}"{(isChecked ? " checked" : string.Empty)}{FormFields.Invalid(state.ErrorFor(FieldNames.CourseId))}>
            <span><span class="course-title" data-choice="course">{H(heading)}</span>
            <span class="course-meta">{H(detail)}</span></span>
            </label>
            """;
    }
}
