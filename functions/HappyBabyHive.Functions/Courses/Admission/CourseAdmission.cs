using HappyBabyHive.Time;

namespace HappyBabyHive.Courses.Admission;

/// <summary>Who reads a refusal: the family asking (booking and free-place forms) or the owner deciding for them.</summary>
public enum AdmissionAudience
{
    Family,
    Owner,
}

/// <summary>Why a course can't take a baby, in words for the audience that asked.</summary>
public abstract record AdmissionRefusal(string Message)
{
    /// <summary>The course is cancelled, closed or under way.</summary>
    public sealed record NotBookable(string Message) : AdmissionRefusal(Message);

    /// <summary>The baby would be too young or too old at the first session.</summary>
    public sealed record WrongAge(int AgeWeeks, string Message) : AdmissionRefusal(Message);
}

/// <summary>
/// The one rule for "can this baby join this course?": the course is open and hasn't started, and the baby is in the
/// course's age range on the day of the first session (UK date). Bookings, free-place requests and the owner's
/// free-place decisions all ask here, so the same course and baby get the same answer and the same words everywhere.
/// </summary>
public static class CourseAdmission
{
    private const string FamilyNextStep = "Please choose another course, or get in touch and we'll help you find one.";

    /// <summary>Null when the course is taking bookings now; otherwise why not.</summary>
    public static AdmissionRefusal.NotBookable? CheckBookable(Course course, DateTimeOffset now, AdmissionAudience audience)
    {
        var reason = course switch
        {
            { Status: CourseStatus.Cancelled } => "This course has been cancelled, so it can't be booked.",
            { Status: CourseStatus.Closed } => "This course is closed to new bookings.",
            _ when !course.IsBookable(now) => "This course has already started, so it can't be booked.",
            _ => null,
        };
        return reason is null ? null : new AdmissionRefusal.NotBookable(audience == AdmissionAudience.Family ? $"{reason} {FamilyNextStep}" : reason);
    }

    /// <summary>Null when a baby born on <paramref name="dateOfBirth"/> is the right age at the first session; otherwise how old they would be.</summary>
    public static AdmissionRefusal.WrongAge? CheckAge(Course course, DateOnly dateOfBirth, AdmissionAudience audience)
    {
        if (course.BabyAge.Contains(dateOfBirth, course.FirstSessionUkDate))
        {
            return null;
        }

        var ageWeeks = (course.FirstSessionUkDate.DayNumber - dateOfBirth.DayNumber) / 7;
        var firstSession = course.FirstSessionUkDate.ToString("dddd d MMMM", UkDateFormat.Culture);
        var facts = $"would be {ageWeeks} weeks old at the first session on {firstSession}. This course is for babies aged {course.BabyAge.Description}.";
        return new AdmissionRefusal.WrongAge(ageWeeks, audience == AdmissionAudience.Family ? $"Your baby {facts} {FamilyNextStep}" : $"The baby {facts}");
    }

    /// <summary>Both checks, bookable first: the first refusal, or null when the baby can join.</summary>
    public static AdmissionRefusal? Check(Course course, DateOnly dateOfBirth, DateTimeOffset now, AdmissionAudience audience) =>
        (AdmissionRefusal?)CheckBookable(course, now, audience) ?? CheckAge(course, dateOfBirth, audience);

    /// <summary>True when the baby can join the course now (for lists of suitable courses).</summary>
    public static bool Admits(Course course, DateOnly dateOfBirth, DateTimeOffset now) =>
        Check(course, dateOfBirth, now, AdmissionAudience.Owner) is null;
}
