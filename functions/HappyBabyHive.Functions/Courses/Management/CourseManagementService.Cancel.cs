using HappyBabyHive.Bookings;
using HappyBabyHive.Concurrency;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Courses.Refunds;
using HappyBabyHive.Validation;
using Microsoft.Extensions.Logging;

namespace HappyBabyHive.Courses.Management;

/// <summary>
/// Cancelling runs in two steps. (1) The course row is marked Cancelled with its ETag, so booking stops at once: every
/// booking and free-place approval rewrites that row, so none can land after it. (2) Every booked, free-place and
/// waitlisted family gets an outbox row for the cancellation email, in transactions of up to 100 in the course's
/// partition. Step 2 writes only the rows still missing, so calling again after a crash half way finishes the job, and
/// the outbox sends each email once.
/// Money: every family who has paid is owed a full refund (the course isn't running). The refunds are decided in the
/// same transaction as step 1 (a course has far fewer paid places than a transaction's 100 rows); any that don't fit,
/// or a cancellation interrupted half way, are decided by the next pass, which finds paid places not yet owed back.
/// Families still paying (a held place, AwaitingPayment): step 1 ends their holds too (cancelled, reason CourseCancelled,
/// place given back), then their Checkout Sessions are expired at Stripe, best effort: a payment that still gets through
/// is owed back by the checkout event handler (reason no-place) with its own sorry email. They get the cancellation
/// email too, which says nothing was taken.
/// </summary>
public sealed partial class CourseManagementService
{
    public const int MaxCancellationMessageLength = 1000;

    public async Task<CourseCancelOutcome> CancelAsync(string courseId, string? messageToFamilies, CancellationToken cancellationToken)
    {
        var message = FreeTextRules.Normalise(messageToFamilies);
        if (message is { Length: > MaxCancellationMessageLength } || (message ?? string.Empty).Any(c => char.IsControl(c) && c is not ('\n' or '\t')))
        {
            return new CourseCancelOutcome.Invalid(new Dictionary<string, string[]>
            {
                ["message"] = [$"Please keep the message to {MaxCancellationMessageLength} characters of ordinary text."],
            });
        }

        if (!CourseIdFormat.IsValid(courseId))
        {
            return new CourseCancelOutcome.NotFound();
        }

        CourseCancelOutcome? refused;
        Course? course;
        try
        {
            (course, refused) = await contention.ExecuteAsync(async token => await MarkCancelledAsync(courseId, message, token), cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            LogGaveUp(logger, courseId);
            return new CourseCancelOutcome.Busy();
        }

        if (refused is not null)
        {
            return refused;
        }

        // Holds and refunds left over (more than fit with step 1, or a first attempt interrupted), then a nudge to the refunder for each.
        try
        {
            await contention.ExecuteAsync(async token => await FinishInPassesAsync(courseId, EndHoldsAsync, token), CancellationToken.None);
            await contention.ExecuteAsync(async token => await FinishInPassesAsync(courseId, OweRefundsAsync, token), CancellationToken.None);
        }
        catch (ConcurrencyConflictException)
        {
            LogGaveUp(logger, courseId);
            return new CourseCancelOutcome.Busy();
        }

        await ExpireHeldCheckoutsAsync(courseId);

        foreach (var paid in await CardRefundsOutstandingAsync(courseId, CancellationToken.None))
        {
            await refunds.RequestOrLeaveToSweepAsync(paid, logger);
        }

        // From here the course is cancelled whatever the caller does, so owe every email even if they go away.
        if (await OweCancellationEmailsAsync(courseId, CancellationToken.None) is not { } families)
        {
            return new CourseCancelOutcome.Busy();
        }

        LogCancelled(logger, courseId, families);
        return new CourseCancelOutcome.Cancelled(course!, families);
    }

    private async Task<(Course? Course, CourseCancelOutcome? Refused)> MarkCancelledAsync(string courseId, string? message, CancellationToken cancellationToken)
    {
        var snapshot = await partitions.LoadAsync(courseId, cancellationToken);
        if (snapshot is null)
        {
            return (null, new CourseCancelOutcome.NotFound());
        }

        if (snapshot.Course.Status == CourseStatus.Cancelled)
        {
            return (snapshot.Course, null); // Cancelled before: finish the job, keeping the first message.
        }

        var now = time.GetUtcNow();
        if (snapshot.Course.LastSessionEndsUtc <= now)
        {
            return (null, new CourseCancelOutcome.Conflict("This course has already finished, so there is nothing to cancel and no one is emailed."));
        }

        var changes = snapshot.Change(now);
        changes.Cancel(message);
        await EndHoldsAsync(snapshot, changes, cancellationToken);
        await OweRefundsAsync(snapshot, changes, cancellationToken);
        try
        {
            await partitions.CommitAsync(changes, cancellationToken);
        }
        catch (CourseChangeRejectedException e) when (e.LostRace)
        {
            throw new ConcurrencyConflictException(e);
        }

        return (changes.Course, null);
    }

    /// <summary>
    /// Ends every place held for a family still paying: cancelled (CourseCancelled), the place given back. Not offered
    /// on: the course isn't running. Holds that don't fit are ended by the next pass (<see cref="FinishInPassesAsync"/>).
    /// </summary>
    private async Task<int> EndHoldsAsync(CourseSnapshot snapshot, CourseChangeSet changes, CancellationToken cancellationToken)
    {
        var ended = 0;
        foreach (var held in (await partitions.ListBookingsAsync(snapshot.Course.Id, null, cancellationToken))
                     .Where(b => b is { Status: BookingStatus.AwaitingPayment } && (b.Payment is null || b.Payment.PaidPence == 0)))
        {
            if (!changes.Fits(1))
            {
                break;
            }

            if (await partitions.LoadBookingAsync(snapshot, held.Reference, cancellationToken) is { Status: BookingStatus.AwaitingPayment })
            {
                changes.UpdateBooking(held.Reference, b => b with { CancelledFrom = b.Status, Payment = b.Payment is { } p ? p with { HeldUntilUtc = null } : null });
                changes.CancelBooking(held.Reference, CancellationReason.CourseCancelled);
                ended++;
            }
        }

        return ended;
    }

    /// <summary>
    /// Runs <paramref name="pass"/> in one transaction after another, each on a fresh read of the still-cancelled course,
    /// until a pass finds nothing left to change: for work that may not fit in the cancellation's own transaction.
    /// </summary>
    private async Task FinishInPassesAsync(
        string courseId, Func<CourseSnapshot, CourseChangeSet, CancellationToken, Task<int>> pass, CancellationToken cancellationToken)
    {
        while (await partitions.LoadAsync(courseId, cancellationToken) is { Course.Status: CourseStatus.Cancelled } snapshot)
        {
            var changes = snapshot.Change(time.GetUtcNow());
            if (await pass(snapshot, changes, cancellationToken) == 0)
            {
                return;
            }

            await partitions.CommitOrRetryAsync(changes, cancellationToken);
        }
    }

    /// <summary>
    /// Expires the Checkout Session of every hold the cancellation ended, so nobody can pay for it. Best effort: Stripe
    /// may be down, or the family may pay at that moment; either way a payment that arrives is owed back by the checkout
    /// event handler and the family is told.
    /// </summary>
    private async Task ExpireHeldCheckoutsAsync(string courseId)
    {
        var sessions = (await partitions.ListBookingsAsync(courseId, null, CancellationToken.None))
            .Where(b => b is { Status: BookingStatus.Cancelled, CancellationReason: CancellationReason.CourseCancelled, Payment: { CheckoutSessionId: not null, PaidPence: 0 } })
            .Select(b => b.Payment!.CheckoutSessionId!)
            .ToList();
        foreach (var session in sessions)
        {
            var outcome = await checkoutExpiry.ExpireAsync(session, CancellationToken.None);
            if (outcome != Refunds.CheckoutExpiry.Expired)
            {
                LogHeldCheckoutNotExpired(logger, courseId, outcome);
            }
        }
    }

    /// <summary>Decides a full refund for every paid place not yet owed back, as many as fit in <paramref name="changes"/>; returns how many.</summary>
    private async Task<int> OweRefundsAsync(CourseSnapshot snapshot, CourseChangeSet changes, CancellationToken cancellationToken)
    {
        var owed = 0;
        foreach (var paid in (await partitions.ListBookingsAsync(snapshot.Course.Id, null, cancellationToken))
                     .Where(b => b.Status == BookingStatus.Confirmed && b.Payment is { PaidPence: > 0 } p && p.RefundDuePence < p.PaidPence))
        {
            if (!changes.Fits(1))
            {
                break;
            }

            // Read into the snapshot so the change is guarded by the version read.
            if (await partitions.LoadBookingAsync(snapshot, paid.Reference, cancellationToken) is not null &&
                RefundDecisions.OweFullRefund(changes, paid.Reference, RefundReasons.CourseCancelled) > 0)
            {
                owed++;
            }
        }

        return owed;
    }

    private async Task<IReadOnlyList<BookingKey>> CardRefundsOutstandingAsync(string courseId, CancellationToken cancellationToken) =>
        (await partitions.ListBookingsAsync(courseId, null, cancellationToken))
            .Where(b => b.Payment is { Method: PaymentMethod.Card, RefundOutstanding: true })
            .Select(b => new BookingKey(courseId, b.Reference))
            .ToList();

    /// <summary>
    /// Writes the cancellation email's outbox row for every family that doesn't have one yet and enqueues what is
    /// owed; returns how many families are owed one in all. Null when another cancellation kept writing the same rows
    /// at the same moment until retries ran out (calling again finishes the job).
    /// </summary>
    private async Task<int?> OweCancellationEmailsAsync(string courseId, CancellationToken cancellationToken)
    {
        try
        {
            return await contention.ExecuteAsync(
                async token =>
                {
                    // Everyone booked (paid or free place), waiting, or paying when the course was cancelled.
                    var families = (await partitions.ListBookingsAsync(courseId, null, token))
                        .Where(b => b.Status is BookingStatus.Confirmed or BookingStatus.Waitlisted ||
                                    b is { Status: BookingStatus.Cancelled, CancellationReason: CancellationReason.CourseCancelled })
                        .ToList();
                    IReadOnlyList<OutboxMessage> owed;
                    try
                    {
                        owed = await partitions.OweEmailToEachAsync(courseId, families, EmailTemplates.CourseCancelled, time.GetUtcNow(), token);
                    }
                    catch (CourseChangeRejectedException e) when (e.AlreadyExists)
                    {
                        // Another cancellation of the same course wrote some of these at the same moment: read again.
                        throw new ConcurrencyConflictException(e);
                    }

                    foreach (var email in owed)
                    {
                        await emailQueue.EnqueueOrLeaveToSweepAsync(email, logger, token);
                    }

                    return (int?)families.Count;
                },
                cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            LogGaveUp(logger, courseId);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Course {CourseId} cancelled: a held place's Checkout Session was not expired ({Outcome}); a late payment is refunded")]
    private static partial void LogHeldCheckoutNotExpired(ILogger logger, string courseId, Refunds.CheckoutExpiry outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId} cancelled; {Families} families are owed a cancellation email")]
    private static partial void LogCancelled(ILogger logger, string courseId, int families);
}
