using System.Globalization;
using System.Text.Json;
using HappyBabyHive.Time;

namespace HappyBabyHive.Courses.Seeding;

/// <summary>
/// Seeds the sample schedule in SampleData/sample-courses.json for local runs. Idempotent: a course id is its key
/// plus its first date, and an existing course is left as it is.
/// </summary>
public sealed class SampleCourseSeeder(ICourseStore courses, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "SampleData", "sample-courses.json");

    public async Task<int> SeedAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        var sample = await JsonSerializer.DeserializeAsync<SampleFile>(file, Json, cancellationToken)
            ?? throw new InvalidDataException($"{path} is empty.");

        var anchor = FirstMondayOfNextMonth(UkTime.Today(time));
        var added = 0;
        foreach (var sampleCourse in sample.Courses)
        {
            if (await courses.TryAddAsync(sampleCourse.ToCourse(anchor), cancellationToken))
            {
                added++;
            }
        }

        return added;
    }

    internal static DateOnly FirstMondayOfNextMonth(DateOnly today)
    {
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(1);
        return first.AddDays(((int)DayOfWeek.Monday - (int)first.DayOfWeek + 7) % 7);
    }

    private sealed record SampleFile(IReadOnlyList<SampleCourse> Courses);

    private sealed record SampleAge(int FromWeeks, int ToWeeks, string Description);

    private sealed record SampleCourse(
        string Key, CourseKind Kind, string Title, string Description, string Venue, string VenueAddress,
        DayOfWeek Weekday, string StartTime, int DurationMinutes, int WeekOffset, int Sessions,
        int Capacity, int FreePlaces, int PricePence, SampleAge BabyAge)
    {
        public Course ToCourse(DateOnly anchorMonday)
        {
            var weekStart = anchorMonday.AddDays(7 * WeekOffset);
            var firstDate = weekStart.AddDays(((int)Weekday - (int)DayOfWeek.Monday + 7) % 7);
            var start = TimeOnly.ParseExact(StartTime, "HH:mm", CultureInfo.InvariantCulture);
            var sessions = Enumerable.Range(0, Sessions)
                .Select(week => UkTime.FromUkLocal(firstDate.AddDays(7 * week), start))
                .Select(startsUtc => new CourseSession(startsUtc, startsUtc.AddMinutes(DurationMinutes)))
                .ToList();
            return new Course
            {
                Id = $"{Key}-{firstDate:yyyy-MM-dd}",
                Kind = Kind,
                Title = Title,
                Description = Description,
                Venue = Venue,
                VenueAddress = VenueAddress,
                Sessions = sessions,
                Capacity = Capacity,
                FreePlaces = FreePlaces,
                PricePence = PricePence,
                BabyAge = new BabyAgeRange(BabyAge.FromWeeks, BabyAge.ToWeeks, BabyAge.Description),
            };
        }
    }
}
