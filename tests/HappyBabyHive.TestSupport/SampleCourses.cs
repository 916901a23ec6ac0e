using HappyBabyHive.Courses;
using HappyBabyHive.Time;

namespace HappyBabyHive.TestSupport;

/// <summary>Courses for tests: a five-week, Tuesday-style 10:00 baby massage course with 8 general places and 2 free.</summary>
public static class SampleCourses
{
    /// <summary>A course of <paramref name="weeks"/> weekly 10:00 sessions starting on <paramref name="firstDate"/> (UK date).</summary>
    public static Course Massage(DateOnly firstDate, string id = "massage-test", int capacity = 10, int freePlaces = 2, int weeks = 5) => new()
    {
        Id = id,
        Kind = CourseKind.BabyMassage,
        Title = "Baby Massage for Little Ones",
        Description = "Five calm weeks of gentle massage.",
        Venue = "The Hive Room",
        VenueAddress = "Hallgate, Cottingham HU16",
        Sessions = Enumerable.Range(0, weeks)
            .Select(w => UkTime.FromUkLocal(firstDate.AddDays(7 * w), new TimeOnly(10, 0)))
            .Select(s => new CourseSession(s, s.AddHours(1)))
            .ToList(),
        Capacity = capacity,
        FreePlaces = freePlaces,
        PricePence = 6000,
        BabyAge = new BabyAgeRange(6, 30, "6 weeks to not yet crawling (about 7 months)"),
    };

    /// <summary>
    /// A course whose first session is a month from today (real time: for tests against a real host), with an id of
    /// its own unless given one.
    /// </summary>
    public static Course Upcoming(string? id = null, int capacity = 10, int freePlaces = 2) =>
        Massage(UkTime.Today(TimeProvider.System).AddDays(30), id ?? "massage-" + Guid.NewGuid().ToString("N")[..8], capacity, freePlaces);
}
