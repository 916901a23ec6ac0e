using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Emails;

namespace HappyBabyHive.Tests.Support;

/// <summary>The family the email composer tests write to: Sam, baby Ada, booking K7M3-Q9XP.</summary>
public static class TestFamilies
{
    public const string Reference = "K7M3-Q9XP";

    public static BookedFamily Sam(BookingStatus status, DateOnly babyBorn, string name = "Sam", string baby = "Ada", string reference = Reference) =>
        new(reference, name, "sam@example.co.uk", baby, babyBorn, IsFreePlace: false, IsWaitlisted: false, WaitlistPosition: null)
        {
            Status = status,
        };
}
