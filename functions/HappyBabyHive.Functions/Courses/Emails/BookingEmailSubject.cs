using HappyBabyHive.Courses;

namespace HappyBabyHive.Courses.Emails;

/// <summary>What an email about a booking shows of the family. A model, not a table row: the Email folder reads no storage.</summary>
/// <param name="BabyDateOfBirth">Null only if the stored date cannot be read (then no courses are suggested by age).</param>
/// <param name="Status">Where the booking stands now, so an email no longer wanted (say, a reminder after a cancellation) is not sent.</param>
public sealed record BookedFamily(
    string Reference,
    string ParentName,
    string Email,
    string BabyFirstName,
    DateOnly? BabyDateOfBirth,
    bool IsFreePlace,
    bool IsWaitlisted,
    int? WaitlistPosition,
    BookingStatus Status = BookingStatus.Confirmed);

/// <summary>A booking, its course, and the owner's message if she cancelled the course.</summary>
public sealed record BookingEmailSubject(BookedFamily Booking, Course Course, string? CancellationMessage);

/// <summary>Loads what a booking's email shows, in one storage request (the booking and its course share a partition).</summary>
public interface IBookingEmailSubjects
{
    /// <summary>Null when the booking or its course no longer exists.</summary>
    Task<BookingEmailSubject?> LoadAsync(string courseId, string bookingRowKey, CancellationToken cancellationToken);
}
