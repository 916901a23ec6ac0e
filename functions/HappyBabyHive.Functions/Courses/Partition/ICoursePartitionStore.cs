using HappyBabyHive.Outbox;

namespace HappyBabyHive.Courses.Partition;

/// <summary>
/// A course's partition: the course with its place counters, its bookings, the pointers that make booking
/// idempotent, and the emails those bookings owe. Everything that must change together lives there, so one
/// transaction covers it. Services load a <see cref="CourseSnapshot"/>, decide, and commit a
/// <see cref="CourseChangeSet"/>; only the store knows how those become rows, keys and versions.
/// </summary>
public interface ICoursePartitionStore
{
    /// <summary>One read: the course and its version. Null when there is no such course.</summary>
    Task<CourseSnapshot?> LoadAsync(string courseId, CancellationToken cancellationToken);

    /// <summary>Reads the course's waitlist into <paramref name="snapshot"/> (in joining order) so a change can offer, promote or renumber it.</summary>
    Task<IReadOnlyList<Booking>> LoadWaitlistAsync(CourseSnapshot snapshot, CancellationToken cancellationToken);

    /// <summary>Reads one booking into <paramref name="snapshot"/> so a change can update it. Null when there is no such booking.</summary>
    Task<Booking?> LoadBookingAsync(CourseSnapshot snapshot, string reference, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the change as one transaction guarded by the snapshot's versions and returns the queue messages for
    /// the emails it owes (to enqueue now; the outbox sweep sends any that never reach the queue). Throws
    /// <see cref="CourseChangeRejectedException"/> naming the refused row when storage refuses it; nothing is written then.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> CommitAsync(CourseChangeSet changes, CancellationToken cancellationToken);

    /// <summary>The queue message for an email a booking on this course owes (for re-sending one an earlier commit wrote).</summary>
    OutboxMessage EmailMessage(string courseId, string reference, string emailTemplate);

    Task<Booking?> FindBookingAsync(string courseId, string reference, CancellationToken cancellationToken);

    /// <summary>The booking an owed email is about (null when the email is not about a booking, or it is gone).</summary>
    BookingKey? BookingOwed(OwedEmail owed);

    /// <summary>Every offer (any course) whose claim window ended at or before <paramref name="now"/>.</summary>
    Task<IReadOnlyList<BookingKey>> FindLapsedOffersAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Every place held for a family paying at Checkout (any course) whose hold ended at or before <paramref name="endedBy"/>.</summary>
    Task<IReadOnlyList<BookingKey>> FindPaymentHoldsEndedAsync(DateTimeOffset endedBy, CancellationToken cancellationToken);

    /// <summary>Every place held for a family moving in (any course) since before <paramref name="heldBefore"/>: moves a crash may have interrupted.</summary>
    Task<IReadOnlyList<BookingKey>> FindArrivalsHeldSinceAsync(DateTimeOffset heldBefore, CancellationToken cancellationToken);

    /// <summary>Every booking (any course) with a refund decided but not yet confirmed in full: what the refund sweep re-sends.</summary>
    Task<IReadOnlyList<BookingKey>> FindRefundsOutstandingAsync(CancellationToken cancellationToken);

    /// <summary>The booking a pointer names, with the request fingerprint it was stored with.</summary>
    Task<BookingPointer?> FindPointerAsync(string courseId, BookingPointerKey key, CancellationToken cancellationToken);

    /// <summary>Every booking on the course (all statuses), optionally only those made at or after <paramref name="createdSinceUtc"/>.</summary>
    Task<IReadOnlyList<Booking>> ListBookingsAsync(string courseId, DateTimeOffset? createdSinceUtc, CancellationToken cancellationToken);

    /// <summary>
    /// Owes email <paramref name="emailTemplate"/> to each booking in <paramref name="bookings"/> that doesn't have it yet,
    /// in transactions of up to 100 rows. Returns the messages to enqueue: the new rows and any still pending from an
    /// earlier, interrupted run. Throws <see cref="CourseChangeRejectedException"/> if another writer added some of
    /// the same rows at the same moment (read again and retry).
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> OweEmailToEachAsync(
        string courseId, IReadOnlyList<Booking> bookings, string emailTemplate, DateTimeOffset now, CancellationToken cancellationToken);
}
