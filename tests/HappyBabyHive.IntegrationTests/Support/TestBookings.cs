using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;
using HappyBabyHive.Time;

namespace HappyBabyHive.IntegrationTests.Support;

public static class TestBookings
{
    /// <summary>A course whose first session is a month away, with 8 general places (10 minus 2 free).</summary>
    public static Course UpcomingCourse(string? id = null, int capacity = 10, int freePlaces = 2)
    {
        var first = UkTime.Today(TimeProvider.System).AddDays(30);
        return new Course
        {
            Id = id ?? "massage-" + Guid.NewGuid().ToString("N")[..8],
            Kind = CourseKind.BabyMassage,
            Title = "Baby Massage for Little Ones",
            Description = "Five calm weeks.",
            Venue = "The Hive Room",
            VenueAddress = "Hallgate, Cottingham HU16",
            Sessions = Enumerable.Range(0, 5)
                .Select(w => UkTime.FromUkLocal(first.AddDays(7 * w), new TimeOnly(10, 0)))
                .Select(s => new CourseSession(s, s.AddHours(1)))
                .ToList(),
            Capacity = capacity,
            FreePlaces = freePlaces,
            PricePence = 6000,
            BabyAge = new BabyAgeRange(6, 30, "6 weeks to not yet crawling (about 7 months)"),
        };
    }

    /// <summary>A valid request; the baby is ten weeks old at the first session.</summary>
    public static BookingRequest For(Course course, string? email = null, string baby = "Ada") => new()
    {
        CourseId = course.Id,
        ParentName = "Sam Smith",
        Email = email ?? $"parent-{Guid.NewGuid():N}@example.co.uk",
        Phone = "07700 900123",
        BabyFirstName = baby,
        BabyDateOfBirth = course.FirstSessionUkDate.AddDays(-70).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        AcceptTerms = true,
    };
}
