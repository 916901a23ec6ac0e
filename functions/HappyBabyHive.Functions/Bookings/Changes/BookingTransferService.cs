using HappyBabyHive.Concurrency;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Admission;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Links;
using HappyBabyHive.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace HappyBabyHive.Bookings.Changes;

/// <summary>
/// Moves a family from course A to course B. Each course is its own partition and two partitions cannot share a
/// transaction, so a move is three transactions, each guarded by its course's ETag and each safe to repeat:
/// <list type="number">
/// <item><b>Hold</b> (in B): a place is taken for the family as an <see cref="BookingStatus.Arriving"/> booking, with a
/// "moved from A's booking" pointer so the same move never holds two places.</item>
/// <item><b>Leave</b> (in A): the old booking is cancelled (<see cref="CancellationReason.MovedAway"/>), names the new
/// one, and the place it frees is offered to A's waitlist, all in one transaction.</item>
/// <item><b>Arrive</b> (in B): the held booking becomes Confirmed and owes the family their confirmation email.</item>
/// </list>
/// At every moment the family holds exactly one confirmed place: A's until Leave, B's after it (a held place is not
/// theirs yet; it only keeps B's counters honest). A crash between steps leaves an Arriving booking, which
/// <see cref="RecoverInterruptedMovesAsync"/> finds and finishes: if A's booking is still confirmed it completes the
/// move the family asked for (Leave, then Arrive); if A's booking already names B's it only Arrives; if A's booking
/// was changed some other way meanwhile (say the owner cancelled it) it gives B's place back. A move running while
/// recovery looks at it cannot go wrong either: both write through the same ETag-guarded steps and each step checks
/// what is already done.
/// </summary>
public sealed partial class BookingTransferService(
    ICoursePartitionStore partitions,
    ICourseStore courses,
    IEmailEnqueuer emailQueue,
    PersonalDataHasher hasher,
    IOptions<BookingChangeOptions> options,
    TimeProvider time,
    ResiliencePipelineProvider<string> pipelines,
    ILogger<BookingTransferService> logger) : IBookingTransfers
{
    /// <summary>A move takes well under a second; a place held for longer than this was left by a move that was interrupted.</summary>
    public static readonly TimeSpan InterruptedAfter = TimeSpan.FromMinutes(2);

    private readonly ResiliencePipeline contention = pipelines.Get();

    public async Task<IReadOnlyList<Course>> ChoicesAsync(BookingKey booking, CancellationToken cancellationToken)
    {
        var source = await LoadAsync(booking, cancellationToken);
        var now = time.GetUtcNow();
        if (source is not { } found || WhyNotMovable(found.Booking, found.Course, now) is not null)
        {
            return [];
        }

        return (await courses.ListUpcomingAsync(now, cancellationToken))
            .Where(c => c.Id != booking.CourseId && c.Kind == found.Course.Kind && c.GeneralSpacesLeft > 0)
            .Where(c => CourseAdmission.Check(c, found.Booking.BabyDateOfBirth, now, AdmissionAudience.Family) is null)
            .OrderBy(c => c.FirstSessionStartsUtc)
            .ToList();
    }

    public async Task<TransferOutcome> MoveAsync(BookingKey booking, string toCourseId, ChangedBy by, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await TryMoveAsync(booking, toCourseId, by, cancellationToken);
            if (outcome is TransferOutcome.Moved moved)
            {
                LogMoved(logger, booking.CourseId, booking.Reference, moved.ToCourse.Id, moved.To.Reference, by);
            }

            return outcome;
        }
        catch (ConcurrencyConflictException)
        {
            // Whatever was done stays consistent: a held place is finished or given back by the recovery.
            LogGaveUp(logger, booking.CourseId);
            return new TransferOutcome.Busy();
        }
    }

    /// <summary>Finishes (or undoes) every move a crash interrupted; returns how many it settled.</summary>
    public async Task<int> RecoverInterruptedMovesAsync(CancellationToken cancellationToken)
    {
        var settled = 0;
        foreach (var held in await partitions.FindArrivalsHeldSinceAsync(time.GetUtcNow() - InterruptedAfter, cancellationToken))
        {
            try
            {
                var arriving = await partitions.LoadAsync(held.CourseId, cancellationToken) is { } snapshot
                    ? await partitions.LoadBookingAsync(snapshot, held.Reference, cancellationToken)
                    : null;
                if (arriving is not { Status: BookingStatus.Arriving, MovedFrom: { } from })
                {
                    continue;
                }

                var left = await ContendAsync(token => LeaveAsync(from, held, token), cancellationToken);
                if (left)
                {
                    await ContendAsync(token => ArriveAsync(held, token), cancellationToken);
                    LogRecovered(logger, held.CourseId, held.Reference, "finished");
                }
                else
                {
                    await ContendAsync(token => UndoHoldAsync(held, token), cancellationToken);
                    LogRecovered(logger, held.CourseId, held.Reference, "undone");
                }

                settled++;
            }
            catch (ConcurrencyConflictException)
            {
                // The next run tries again; every step is safe to repeat.
                LogGaveUp(logger, held.CourseId);
            }
        }

        return settled;
    }

    private async Task<TransferOutcome> TryMoveAsync(BookingKey key, string toCourseId, ChangedBy by, CancellationToken cancellationToken)
    {
        if (await LoadAsync(key, cancellationToken) is not { } source)
        {
            return new TransferOutcome.NotFound();
        }

        var (booking, course) = source;
        if (booking.MovedTo is { } movedTo)
        {
            if (movedTo.CourseId != toCourseId)
            {
                return new TransferOutcome.NotMovable(booking, course, "This booking has already moved to another course.");
            }

            // A second press, or a retry after a timeout: make sure the move finished, and say it is done.
            await ContendAsync(token => ArriveAsync(movedTo, token), cancellationToken);
            return await LoadAsync(movedTo, cancellationToken) is { } arrived
                ? new TransferOutcome.AlreadyMoved(booking, course, arrived.Booking, arrived.Course)
                : new TransferOutcome.NotFound();
        }

        var now = time.GetUtcNow();
        if (WhyNotMovable(booking, course, now) is { } why)
        {
            return new TransferOutcome.NotMovable(booking, course, why);
        }

        var cutOff = course.FirstSessionStartsUtc - options.Value.CancellationCutOff;
        if (by == ChangedBy.Family && now > cutOff)
        {
            return new TransferOutcome.TooLate(booking, course, cutOff);
        }

        if (toCourseId == key.CourseId)
        {
            return new TransferOutcome.NotMovable(booking, course, "That's the course this booking is already on.");
        }

        var audience = by == ChangedBy.Family ? AdmissionAudience.Family : AdmissionAudience.Owner;
        var hold = await ContendAsync(token => HoldAsync(key, booking, course, toCourseId, audience, token), cancellationToken);
        if (hold.Refused is { } refused)
        {
            return refused;
        }

        var held = hold.Held!;
        if (!await ContendAsync(token => LeaveAsync(key, held, token), cancellationToken))
        {
            // The old booking changed while we were moving it (cancelled by the owner a moment ago, say): give the
            // held place back and say nothing moved.
            await ContendAsync(token => UndoHoldAsync(held, token), cancellationToken);
            return new TransferOutcome.NotMovable(booking, course, "This booking changed while it was being moved, so nothing was moved.");
        }

        await ContendAsync(token => ArriveAsync(held, token), cancellationToken);
        var from = await LoadAsync(key, cancellationToken);
        var to = await LoadAsync(held, cancellationToken);
        return from is null || to is null
            ? new TransferOutcome.NotFound()
            : new TransferOutcome.Moved(from.Value.Booking, from.Value.Course, to.Value.Booking, to.Value.Course);
    }

    /// <summary>Step 1, in the target course: hold a place for the family (or find the place an earlier try held).</summary>
    private async Task<Hold> HoldAsync(
        BookingKey from, Booking booking, Course fromCourse, string toCourseId, AdmissionAudience audience, CancellationToken cancellationToken)
    {
        var movedFrom = BookingPointerKey.MovedFrom(from);
        if (await partitions.FindPointerAsync(toCourseId, movedFrom, cancellationToken) is { } earlier)
        {
            return await ResumeHoldAsync(new BookingKey(toCourseId, earlier.Reference), booking, fromCourse, cancellationToken);
        }

        if (await partitions.LoadAsync(toCourseId, cancellationToken) is not { } snapshot)
        {
            return new Hold(null, new TransferOutcome.NotFound());
        }

        var target = snapshot.Course;
        var now = time.GetUtcNow();
        var refusal = target.Kind != fromCourse.Kind
            ? "A booking can only move to another course of the same kind."
            : CourseAdmission.Check(target, booking.BabyDateOfBirth, now, audience)?.Message;
        if (refusal is not null)
        {
            return new Hold(null, new TransferOutcome.NotMovable(booking, fromCourse, refusal));
        }

        if (target.GeneralSpacesLeft == 0)
        {
            return new Hold(null, new TransferOutcome.NoSpace(target));
        }

        // The family pointer is read, not written: it may name a booking they cancelled there before, and a family
        // already booked on the target course should not hold two places on it.
        if (await partitions.FindPointerAsync(toCourseId, BookingPointerKey.Family(hasher, booking.Email, booking.BabyFirstName), cancellationToken) is { } family
            && await partitions.FindBookingAsync(toCourseId, family.Reference, cancellationToken) is { Status: not BookingStatus.Cancelled })
        {
            return new Hold(null, new TransferOutcome.NotMovable(booking, fromCourse, "This family already has a place on that course."));
        }

        var changes = snapshot.Change(now);
        var reference = BookingReference.New();
        changes.HoldArrival(booking with
        {
            Reference = reference,
            Status = BookingStatus.Arriving,
            WaitlistPosition = null,
            CreatedUtc = now,
            OfferedUtc = null,
            OfferExpiresUtc = null,
            CancelledUtc = null,
            CancellationReason = null,
            MovedFrom = from,
            MovedTo = null,
        });
        changes.AddPointer(movedFrom, reference);
        try
        {
            await partitions.CommitAsync(changes, cancellationToken);
            return new Hold(new BookingKey(toCourseId, reference), null);
        }
        catch (CourseChangeRejectedException e) when (e.LostRace || (e.AlreadyExists && e.Failed.Kind == CourseRowKind.Booking))
        {
            throw new ConcurrencyConflictException(e);
        }
        catch (CourseChangeRejectedException e) when (e.AlreadyExists && e.Failed.PointerKey == movedFrom)
        {
            // Another try of the same move held a place a moment ago: carry on with that one.
            var pointer = await partitions.FindPointerAsync(toCourseId, movedFrom, cancellationToken)
                ?? throw new InvalidOperationException("A pointer that refused an insert could not be read back.", e);
            return await ResumeHoldAsync(new BookingKey(toCourseId, pointer.Reference), booking, fromCourse, cancellationToken);
        }
    }

    private async Task<Hold> ResumeHoldAsync(BookingKey held, Booking booking, Course fromCourse, CancellationToken cancellationToken) =>
        await partitions.FindBookingAsync(held.CourseId, held.Reference, cancellationToken) is { Status: BookingStatus.Arriving or BookingStatus.Confirmed }
            ? new Hold(held, null)
            : new Hold(null, new TransferOutcome.NotMovable(booking, fromCourse, "An earlier move of this booking to that course was undone; please get in touch."));

    /// <summary>Step 2, in the old course: cancel the old booking, naming the new one, and offer its place on. False when the old booking changed some other way.</summary>
    private async Task<bool> LeaveAsync(BookingKey from, BookingKey held, CancellationToken cancellationToken)
    {
        if (await LoadForChangeAsync(from, cancellationToken) is not { } source)
        {
            return false;
        }

        var (snapshot, booking) = source;
        if (booking.MovedTo == held)
        {
            return true;
        }

        if (booking.Status != BookingStatus.Confirmed || booking.IsFreePlace)
        {
            return false;
        }

        var now = time.GetUtcNow();
        var changes = snapshot.Change(now);
        changes.CancelBooking(from.Reference, CancellationReason.MovedAway);
        changes.UpdateBooking(from.Reference, b => b with { MovedTo = held });
        await WaitlistOffers.OfferFreePlacesAsync(partitions, snapshot, changes, options.Value, now, cancellationToken);
        await emailQueue.EnqueueAllOrLeaveToSweepAsync(await partitions.CommitOrRetryAsync(changes, cancellationToken), logger);
        return true;
    }

    /// <summary>Step 3, in the new course: the held place becomes the family's, with its confirmation email.</summary>
    private async Task<bool> ArriveAsync(BookingKey held, CancellationToken cancellationToken)
    {
        if (await LoadForChangeAsync(held, cancellationToken) is not ({ } snapshot, { Status: BookingStatus.Arriving }))
        {
            return true;
        }

        var changes = snapshot.Change(time.GetUtcNow());
        changes.ConfirmArrival(held.Reference);
        changes.OweEmail(held.Reference, EmailTemplates.BookingConfirmed);
        await emailQueue.EnqueueAllOrLeaveToSweepAsync(await partitions.CommitOrRetryAsync(changes, cancellationToken), logger);
        return true;
    }

    /// <summary>Gives a held place back (the old booking changed before the move could finish).</summary>
    private async Task<bool> UndoHoldAsync(BookingKey held, CancellationToken cancellationToken)
    {
        if (await LoadForChangeAsync(held, cancellationToken) is not ({ } snapshot, { Status: BookingStatus.Arriving }))
        {
            return true;
        }

        var now = time.GetUtcNow();
        var changes = snapshot.Change(now);
        changes.CancelBooking(held.Reference, CancellationReason.MoveUndone);
        await WaitlistOffers.OfferFreePlacesAsync(partitions, snapshot, changes, options.Value, now, cancellationToken);
        await emailQueue.EnqueueAllOrLeaveToSweepAsync(await partitions.CommitOrRetryAsync(changes, cancellationToken), logger);
        return true;
    }

    private static string? WhyNotMovable(Booking booking, Course course, DateTimeOffset now) => booking switch
    {
        { Status: BookingStatus.Cancelled } => "This booking has been cancelled.",
        { Status: BookingStatus.Waitlisted or BookingStatus.Offered } => "Only a booked place can move; a waiting family can join another course's waitlist instead.",
        { Status: BookingStatus.Arriving } => "This booking is still being moved; please try again in a moment.",
        { IsFreePlace: true } => "A free place stays on the course it was given for; please get in touch about moving it.",
        _ when course.Status == CourseStatus.Cancelled || now >= course.FirstSessionStartsUtc => "This course has already started, so its places can't move.",
        _ => null,
    };

    private async Task<(Booking Booking, Course Course)?> LoadAsync(BookingKey key, CancellationToken cancellationToken) =>
        await LoadForChangeAsync(key, cancellationToken) is ({ } snapshot, { } booking) ? (booking, snapshot.Course) : null;

    private async Task<(CourseSnapshot Snapshot, Booking Booking)?> LoadForChangeAsync(BookingKey key, CancellationToken cancellationToken) =>
        await partitions.LoadAsync(key.CourseId, cancellationToken) is { } snapshot
        && await partitions.LoadBookingAsync(snapshot, key.Reference, cancellationToken) is { } booking
            ? (snapshot, booking)
            : null;

    private async Task<T> ContendAsync<T>(Func<CancellationToken, Task<T>> step, CancellationToken cancellationToken) =>
        await contention.ExecuteAsync(async token => await step(token), cancellationToken);

    private sealed record Hold(BookingKey? Held, TransferOutcome? Refused);

    [LoggerMessage(Level = LogLevel.Information, Message = "Booking {Reference} on course {CourseId} moved to {ToReference} on {ToCourseId} by {By}")]
    private static partial void LogMoved(ILogger logger, string courseId, string reference, string toCourseId, string toReference, ChangedBy by);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An interrupted move into {CourseId} (booking {Reference}) was {Outcome}")]
    private static partial void LogRecovered(ILogger logger, string courseId, string reference, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up moving a booking on course {CourseId} after repeated concurrent changes")]
    private static partial void LogGaveUp(ILogger logger, string courseId);
}
