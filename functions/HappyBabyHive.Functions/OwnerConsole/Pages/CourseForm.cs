using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.Pages.Console;
using static HappyBabyHive.Pages.Console.CourseFormFields;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>
/// The course form read from a post exactly as typed, into <see cref="CourseDetails"/>; the field names are spelled
/// once, in <see cref="HappyBabyHive.Pages.Console.CourseFormFields"/> beside the form that shows them.
/// (<see cref="CourseDetails.From"/> fills it from a stored course.)
/// </summary>
public static class CourseForm
{
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
            FreePlaces = Value(CourseFormFields.FreePlaces),
            Price = Value(Price),
            PayAnotherWayAllowed = Value(CourseFormFields.PayAnotherWayAllowed) == "true",
            BabyAgeFromWeeks = Value(BabyAgeFromWeeks),
            BabyAgeToWeeks = Value(BabyAgeToWeeks),
            BabyAgeDescription = Value(BabyAgeDescription),
            RequestKey = Value(RequestKey),
        };
    }
}
