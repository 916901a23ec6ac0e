using System.Globalization;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.Time;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>
/// The course form's fields: the camelCase names of <see cref="CourseDetails"/> (the same names the service's errors
/// use), read from a posted form exactly as typed, or filled from an existing course for editing.
/// </summary>
public static class CourseForm
{
    public const string Kind = "kind";
    public const string Title = "title";
    public const string Description = "description";
    public const string Venue = "venue";
    public const string VenueAddress = "venueAddress";
    public const string FirstSessionDate = "firstSessionDate";
    public const string StartTime = "startTime";
    public const string EndTime = "endTime";
    public const string Weeks = "weeks";
    public const string SkipDates = "skipDates";
    public const string Capacity = "capacity";
    public const string FreePlaces = "freePlaces";
    public const string Price = "price";
    public const string BabyAgeFromWeeks = "babyAgeFromWeeks";
    public const string BabyAgeToWeeks = "babyAgeToWeeks";
    public const string BabyAgeDescription = "babyAgeDescription";

    /// <summary>How many "no session this week" dates the form offers; more is rare enough for the admin API.</summary>
    public const int SkipDateInputs = 3;

    /// <summary>The order fields appear on the page, which is also the error summary's order.</summary>
    public static readonly string[] FieldOrder =
    [
        Kind, Title, Description, Venue, VenueAddress, FirstSessionDate, StartTime, EndTime, Weeks, SkipDates,
        Capacity, FreePlaces, Price, BabyAgeFromWeeks, BabyAgeToWeeks, BabyAgeDescription,
    ];

    public static string SkipDateField(int index) => $"{SkipDates}-{index.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A starting point for a new course, the shape most of hers take; she changes what differs.</summary>
    public static CourseDetails NewCourse() => new()
    {
        Kind = nameof(CourseKind.BabyMassage),
        StartTime = "10:00",
        EndTime = "11:00",
        Weeks = "5",
        Capacity = "10",
        FreePlaces = "2",
        BabyAgeFromWeeks = "6",
        BabyAgeToWeeks = "30",
        BabyAgeDescription = "6 weeks to not yet crawling",
    };

    public static CourseDetails FromForm(IReadOnlyDictionary<string, string> form)
    {
        string? Value(string name) => form.GetValueOrDefault(name);
        return new CourseDetails
        {
            Kind = Value(Kind),
            Title = Value(Title),
            Description = Value(Description),
            Venue = Value(Venue),
            VenueAddress = Value(VenueAddress),
            FirstSessionDate = Value(FirstSessionDate),
            StartTime = Value(StartTime),
            EndTime = Value(EndTime),
            Weeks = Value(Weeks),
            SkipDates = Enumerable.Range(0, SkipDateInputs)
                .Select(i => Value(SkipDateField(i))?.Trim())
                .Where(d => !string.IsNullOrEmpty(d))
                .Select(d => d!)
                .ToList(),
            Capacity = Value(Capacity),
            FreePlaces = Value(FreePlaces),
            Price = Value(Price),
            BabyAgeFromWeeks = Value(BabyAgeFromWeeks),
            BabyAgeToWeeks = Value(BabyAgeToWeeks),
            BabyAgeDescription = Value(BabyAgeDescription),
        };
    }

    /// <summary>
    /// The course as its form shows it. Weekly sessions from the first; any week without a session between the first
    /// and the last is a skipped date.
    /// </summary>
    public static CourseDetails FromCourse(Course course)
    {
        var first = UkTime.ToUk(course.FirstSessionStartsUtc);
        var firstDate = DateOnly.FromDateTime(first.DateTime);
        var sessionDates = course.Sessions.Select(s => DateOnly.FromDateTime(UkTime.ToUk(s.StartsUtc).DateTime)).ToHashSet();
        var lastDate = DateOnly.FromDateTime(UkTime.ToUk(course.Sessions[^1].StartsUtc).DateTime);
        var skipped = new List<string>();
        for (var date = firstDate; date <= lastDate; date = date.AddDays(7))
        {
            if (!sessionDates.Contains(date))
            {
                skipped.Add(Iso(date));
            }
        }

        return new CourseDetails
        {
            Kind = course.Kind.ToString(),
            Title = course.Title,
            Description = course.Description,
            Venue = course.Venue,
            VenueAddress = course.VenueAddress,
            FirstSessionDate = Iso(firstDate),
            StartTime = UkDateFormat.Clock(course.FirstSessionStartsUtc),
            EndTime = UkDateFormat.Clock(course.Sessions[0].EndsUtc),
            Weeks = course.Sessions.Count.ToString(CultureInfo.InvariantCulture),
            SkipDates = skipped,
            Capacity = course.Capacity.ToString(CultureInfo.InvariantCulture),
            FreePlaces = course.FreePlaces.ToString(CultureInfo.InvariantCulture),
            Price = course.PricePence % 100 == 0
                ? (course.PricePence / 100).ToString(CultureInfo.InvariantCulture)
                : (course.PricePence / 100m).ToString("0.00", CultureInfo.InvariantCulture),
            BabyAgeFromWeeks = course.BabyAge.FromWeeks.ToString(CultureInfo.InvariantCulture),
            BabyAgeToWeeks = course.BabyAge.ToWeeks.ToString(CultureInfo.InvariantCulture),
            BabyAgeDescription = course.BabyAge.Description,
        };
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
