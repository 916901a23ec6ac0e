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
    int? WaitlistPosition)
{
    /// <summary>Where the booking stands now: an email owed earlier may no longer fit (an offer already claimed or lapsed).</summary>
    public BookingStatus Status { get; init; } = IsWaitlisted ? BookingStatus.Waitlisted : BookingStatus.Confirmed;

    /// <summary>While offered a place: when the offer ends unless claimed.</summary>
    public DateTimeOffset? OfferExpiresUtc { get; init; }

    public CancellationReason? CancellationReason { get; init; }

    /// <summary>What the booking was when cancelled (see <see cref="Booking.CancelledFrom"/>).</summary>
    public BookingStatus? CancelledFrom { get; init; }

    /// <summary>The money side of the place (null for a free place or a family still waiting): what the emails say about paying and refunds.</summary>
    public BookingPayment? Payment { get; init; }
}

/// <summary>A booking, its course, and the owner's message if she cancelled the course.</summary>
public sealed record BookingEmailSubject(BookedFamily Booking, Course Course, string? CancellationMessage);

/// <summary>Loads what a booking's email shows, in one storage request (the booking and its course share a partition).</summary>
public interface IBookingEmailSubjects
{
    /// <summary>Null when the booking or its course no longer exists.</summary>
    Task<BookingEmailSubject?> LoadAsync(string courseId, string bookingRowKey, CancellationToken cancellationToken);
}
