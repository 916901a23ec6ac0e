using System.Globalization;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Validation;

namespace HappyBabyHive.Courses.Management;

/// <summary>
/// <see cref="CourseDetails"/> after <see cref="CourseDetailsValidator"/> accepted it: typed, trimmed, with every
/// session worked out. Only build one from details the validator has accepted.
/// </summary>
public sealed record ParsedCourseDetails(
    CourseKind Kind,
    string Title,
    string Description,
    string Venue,
    string VenueAddress,
    DateOnly FirstSessionDate,
    TimeOnly StartTime,
    TimeOnly EndTime,
    int Weeks,
    IReadOnlyList<DateOnly> SkipDates,
    int Capacity,
    int FreePlaces,
    int PricePence,
    int BabyAgeFromWeeks,
    int BabyAgeToWeeks,
    string BabyAgeDescription)
{
    public static ParsedCourseDetails From(CourseDetails details)
    {
        if (!CourseDetailsValidator.TryParseKind(details.Kind, out var kind) ||
            !FieldRules.TryParseDate(details.FirstSessionDate, out var first) ||
            !CourseDetailsValidator.TryParseTime(details.StartTime, out var start) ||
            !CourseDetailsValidator.TryParseTime(details.EndTime, out var end) ||
            !CourseDetailsValidator.TryParseWhole(details.Weeks, out var weeks) ||
            !CourseDetailsValidator.TryParseWhole(details.Capacity, out var capacity) ||
            !CourseDetailsValidator.TryParseWhole(details.FreePlaces, out var freePlaces) ||
            !CourseDetailsValidator.TryParsePricePence(details.Price, out var pence) ||
            !CourseDetailsValidator.TryParseWhole(details.BabyAgeFromWeeks, out var fromWeeks) ||
            !CourseDetailsValidator.TryParseWhole(details.BabyAgeToWeeks, out var toWeeks))
        {
            throw new InvalidOperationException("Only details the validator has accepted can be parsed.");
        }

        // A JSON body can say "skipDates": null, which overrides the property's empty default.
        var skips = (details.SkipDates ?? [])
            .Select(d => FieldRules.TryParseDate(d, out var date) ? date : throw new InvalidOperationException("Only details the validator has accepted can be parsed."))
            .Distinct()
            .Order()
            .ToList();
        return new ParsedCourseDetails(
            kind,
            details.Title!.Trim(),
            FreeTextRules.Normalise(details.Description)!,
            details.Venue!.Trim(),
            details.VenueAddress?.Trim() ?? string.Empty,
            first,
            start,
            end,
            weeks,
            skips,
            capacity,
            freePlaces,
            pence,
            fromWeeks,
            toWeeks,
            details.BabyAgeDescription!.Trim())
        {
            PayAnotherWayAllowed = details.PayAnotherWayAllowed ?? false,
        };
    }

    /// <summary>See <see cref="Course.PayAnotherWayAllowed"/>.</summary>
    public bool PayAnotherWayAllowed { get; init; }

    /// <summary>The UK dates the course meets: weekly from the first date, passing over the skipped dates.</summary>
    public IReadOnlyList<DateOnly> SessionDates => CourseSchedule.SessionDates(FirstSessionDate, Weeks, SkipDates);

    /// <summary>
    /// Each session's UK wall-clock start and end turned into UTC on its own date, so a course that crosses a clock
    /// change keeps its 10:00 start rather than moving to 09:00 or 11:00.
    /// </summary>
    public IReadOnlyList<CourseSession> Sessions => SessionDates
        .Select(date => new CourseSession(Time.UkTime.FromUkLocal(date, StartTime), Time.UkTime.FromUkLocal(date, EndTime)))
        .ToList();

    /// <summary>A new course (no places taken) with this id.</summary>
    public Course ToCourse(string id) => new()
    {
        Id = id,
        Kind = Kind,
        Title = Title,
        Description = Description,
        Venue = Venue,
        VenueAddress = VenueAddress,
        Sessions = Sessions,
        Capacity = Capacity,
        FreePlaces = FreePlaces,
        PricePence = PricePence,
        BabyAge = new BabyAgeRange(BabyAgeFromWeeks, BabyAgeToWeeks, BabyAgeDescription),
        PayAnotherWayAllowed = PayAnotherWayAllowed,
    };

    public static string PriceText(int pence) => pence % 100 == 0
        ? (pence / 100).ToString(CultureInfo.InvariantCulture)
        : (pence / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}
