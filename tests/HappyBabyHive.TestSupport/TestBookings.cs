using System.Globalization;
using HappyBabyHive.Bookings;
using HappyBabyHive.Courses;

namespace HappyBabyHive.TestSupport;

public static class TestBookings
{
    /// <summary>A valid request; the baby is ten weeks old at the first session. Each gets an email address of its own.</summary>
    public static BookingRequest For(Course course, string? email = null, string baby = "Ada") => new()
    {
        CourseId = course.Id,
        ParentName = "Sam Smith",
        Email = email ?? UniqueEmail(),
        Phone = "07700 900123",
        BabyFirstName = baby,
        BabyDateOfBirth = course.FirstSessionUkDate.AddDays(-70).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        AcceptTerms = true,
    };

    /// <summary>An address no other test uses, so a test can read the shared maildev inbox for its own emails only.</summary>
    public static string UniqueEmail(string name = "parent") => $"{name}-{Guid.NewGuid():N}@example.co.uk";
}
