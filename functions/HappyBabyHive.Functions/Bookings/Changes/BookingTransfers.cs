using HappyBabyHive.Courses;

namespace HappyBabyHive.Bookings.Changes;

/// <summary>
/// Moves a family's place to another course of the same kind with space (a transfer). The two courses live in two
/// partitions, which cannot share a transaction, so the move is a short saga that never holds two places for one
/// family for longer than the move itself and never loses one; see docs/architecture.md.
/// </summary>
public interface IBookingTransfers
{
    /// <summary>The courses this booking could move to now: same kind, open, not started, with a general place free.</summary>
    Task<IReadOnlyList<Course>> ChoicesAsync(BookingKey booking, CancellationToken cancellationToken);

    Task<TransferOutcome> MoveAsync(BookingKey booking, string toCourseId, ChangedBy by, CancellationToken cancellationToken);
}

/// <summary>What moving a booking to another course came to.</summary>
public abstract record TransferOutcome
{
    /// <summary>The family now holds <paramref name="To"/> on <paramref name="ToCourse"/>; the old booking is cancelled.</summary>
    public sealed record Moved(Booking From, Course FromCourse, Booking To, Course ToCourse) : TransferOutcome;

    /// <summary>Already moved there (a second press): nothing changed.</summary>
    public sealed record AlreadyMoved(Booking From, Course FromCourse, Booking To, Course ToCourse) : TransferOutcome;

    /// <summary>The target course has no general place free (or closed meanwhile).</summary>
    public sealed record NoSpace(Course ToCourse) : TransferOutcome;

    /// <summary>Only a confirmed, paid-or-general place of the same kind of course can move (not a waitlist place or a free place).</summary>
    public sealed record NotMovable(Booking Booking, Course Course, string Reason) : TransferOutcome;

    /// <summary>The family's cut-off for changes has passed (the owner can still move them).</summary>
    public sealed record TooLate(Booking Booking, Course Course, DateTimeOffset CutOffUtc) : TransferOutcome;

    public sealed record NotFound : TransferOutcome;

    public sealed record Busy : TransferOutcome;
}
