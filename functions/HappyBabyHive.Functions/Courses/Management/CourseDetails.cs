using System.Globalization;
using HappyBabyHive.Time;

namespace HappyBabyHive.Courses.Management;

/// <summary>
/// A course as the owner types it, in the console's form or the admin API's JSON (camelCase of these names). Values
/// are strings so that whatever was typed can be validated with a specific message and shown again unchanged.
/// Sessions are weekly: the first date and the times are UK local time; each session is converted to UTC on its own
/// date, so a course that crosses a clock change keeps its 10:00 start.
/// </summary>
public sealed record CourseDetails
{
    /// <summary>"BabyMassage" or "BabyYoga".</summary>
    public string? Kind { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Venue { get; init; }
    public string? VenueAddress { get; init; }

    /// <summary>UK date of the first session, yyyy-MM-dd.</summary>
    public string? FirstSessionDate { get; init; }

    /// <summary>UK local start time, HH:mm (24-hour).</summary>
    public string? StartTime { get; init; }

    /// <summary>UK local end time, HH:mm (24-hour), after the start.</summary>
    public string? EndTime { get; init; }

    /// <summary>How many weekly sessions, including any skipped weeks' replacements (see <see cref="SkipDates"/>).</summary>
    public string? Weeks { get; init; }

    /// <summary>UK dates (yyyy-MM-dd) on which the weekly session does not run (e.g. a bank holiday); the course runs a week longer instead.</summary>
    public IReadOnlyList<string> SkipDates { get; init; } = [];

    public string? Capacity { get; init; }
    public string? FreePlaces { get; init; }

    /// <summary>Whole-course price in pounds, e.g. "60" or "59.50".</summary>
    public string? Price { get; init; }

    /// <summary>
    /// Families may pay by bank transfer or cash instead of by card (their places are confirmed unpaid and she marks
    /// them paid). Missing means no.
    /// </summary>
    public bool? PayAnotherWayAllowed { get; init; }

    public string? BabyAgeFromWeeks { get; init; }
    public string? BabyAgeToWeeks { get; init; }

    /// <summary>How the age range reads to parents, e.g. "6 weeks to not yet crawling".</summary>
    public string? BabyAgeDescription { get; init; }

    /// <summary>
    /// Optional one-time key of the form (or the admin API's Idempotency-Key): adding a course twice with the same key
    /// adds it once, so a double tap on "Add the course" never puts two copies on the website.
    /// </summary>
    public string? RequestKey { get; init; }

    /// <summary>A stored course as the owner's edit form shows it: UK dates and times, the price in pounds.</summary>
    public static CourseDetails From(Course course)
    {
        var first = UkTime.ToUk(course.FirstSessionStartsUtc);
        var sessionDates = course.Sessions.Select(s => DateOnly.FromDateTime(UkTime.ToUk(s.StartsUtc).DateTime)).ToList();
        return new CourseDetails
        {
            Kind = course.Kind.ToString(),
            Title = course.Title,
            Description = course.Description,
            Venue = course.Venue,
            VenueAddress = course.VenueAddress,
            FirstSessionDate = first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            StartTime = first.ToString("HH:mm", CultureInfo.InvariantCulture),
            EndTime = UkTime.ToUk(course.Sessions[0].EndsUtc).ToString("HH:mm", CultureInfo.InvariantCulture),
            Weeks = course.Sessions.Count.ToString(CultureInfo.InvariantCulture),
            SkipDates = CourseSchedule.SkippedDates(sessionDates).Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList(),
            Capacity = course.Capacity.ToString(CultureInfo.InvariantCulture),
            FreePlaces = course.FreePlaces.ToString(CultureInfo.InvariantCulture),
            Price = ParsedCourseDetails.PriceText(course.PricePence),
            PayAnotherWayAllowed = course.PayAnotherWayAllowed ? true : null, // Missing means no, as when it was typed.
            BabyAgeFromWeeks = course.BabyAge.FromWeeks.ToString(CultureInfo.InvariantCulture),
            BabyAgeToWeeks = course.BabyAge.ToWeeks.ToString(CultureInfo.InvariantCulture),
            BabyAgeDescription = course.BabyAge.Description,
        };
    }
}
