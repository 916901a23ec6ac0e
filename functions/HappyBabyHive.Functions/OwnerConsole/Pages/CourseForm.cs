using System.Globalization;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>
/// The course form's fields: the camelCase names of <see cref="CourseDetails"/> (the same names the service's errors
/// use), read from a posted form exactly as typed. (<see cref="CourseDetails.From"/> fills it from a stored course.)
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

    /// <summary>A hidden one-time key made with the new-course form, so a double tap on "Add the course" adds one course.</summary>
    public const string RequestKey = "requestKey";

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
        RequestKey = Guid.NewGuid().ToString("N"),
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
            RequestKey = Value(RequestKey),
        };
    }
}
