using HappyBabyHive.Concurrency;
using HappyBabyHive.Courses;
using HappyBabyHive.Outbox;
using HappyBabyHive.Payments;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Courses.Refunds;
using HappyBabyHive.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace HappyBabyHive.Bookings.Changes;

public interface IBookingChangeService
{
    /// <summary>
    /// Cancels a booking or leaves the waitlist; a freed general place is offered to the next family in the same change.
    /// Money: a family is refunded in full within the cancellation policy (Settings); the owner's cancellation refunds
    /// what was paid (see the overload to choose not to).
    /// </summary>
    Task<CancelOutcome> CancelAsync(BookingKey booking, ChangedBy by, bool emailFamily, CancellationToken cancellationToken);

    /// <param name="refundIfPaid">For the owner: give back what the family paid (true), or keep it (false). Ignored for the family, whose refund the policy decides.</param>
    Task<CancelOutcome> CancelAsync(BookingKey booking, ChangedBy by, bool emailFamily, bool refundIfPaid, CancellationToken cancellationToken);

    /// <summary>The family takes the place offered to them.</summary>
    /// <param name="paymentMethod">
    /// How the family chose to pay on the claim page: <see cref="PaymentMethod.AnotherWay"/> on a course that allows it
    /// confirms the place unpaid with the how-to-pay email, as a booking does; otherwise a paid place goes to Checkout
    /// while card payments are on.
    /// </param>
    Task<ClaimOutcome> ClaimOfferAsync(BookingKey booking, PaymentMethod paymentMethod, CancellationToken cancellationToken);

    /// <summary>The family says no to the place offered to them; it goes to the next family.</summary>
    Task<CancelOutcome> DeclineOfferAsync(BookingKey booking, CancellationToken cancellationToken);

    /// <summary>Ends every offer whose claim window has passed and offers each place on; returns how many ended.</summary>
    Task<int> LapseEndedOffersAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Changes to a booking after it was made. Each is one read of the course partition and one transaction guarded by
/// the course row's ETag, holding the booking's new status, the counters, any offer of the freed place to the next
/// family, and the emails owed (transactional outbox). So a place is never freed without being offered on, two
/// claims cannot both win, and a lost race (412) re-reads and decides again through the app's one retry policy.
/// </summary>
public sealed partial class BookingChangeService(
    ICoursePartitionStore partitions,
    IEmailEnqueuer emailQueue,
    IBusinessSettingsStore settings,
    ICheckoutExpiry checkoutExpiry,
    IRefundRequests refunds,
    IOptions<BookingChangeOptions> options,
    TimeProvider time,
    ResiliencePipelineProvider<string> pipelines,
    ILogger<BookingChangeService> logger,
    IOptions<PaymentOptions>? payments = null) : IBookingChangeService
{
    private readonly ResiliencePipeline contention = pipelines.Get();

    public Task<CancelOutcome> CancelAsync(BookingKey booking, ChangedBy by, bool emailFamily, CancellationToken cancellationToken) =>
        CancelAsync(booking, by, emailFamily, refundIfPaid: true, cancellationToken);

    public Task<CancelOutcome> CancelAsync(BookingKey booking, ChangedBy by, bool emailFamily, bool refundIfPaid, CancellationToken cancellationToken) =>
        EndAsync(booking, by, by == ChangedBy.Family ? CancellationReason.ByFamily : CancellationReason.ByOwner, emailFamily, refundIfPaid, cancellationToken);

    public Task<CancelOutcome> DeclineOfferAsync(BookingKey booking, CancellationToken cancellationToken) =>
        EndAsync(booking, ChangedBy.Family, CancellationReason.OfferDeclined, emailFamily: false, refundIfPaid: false, cancellationToken);

    public async Task<ClaimOutcome> ClaimOfferAsync(BookingKey booking, PaymentMethod paymentMethod, CancellationToken cancellationToken)
    {
        try
        {
            var (outcome, emails) = await contention.ExecuteAsync(async token => await TryClaimAsync(booking, paymentMethod, token), cancellationToken);
            await emailQueue.EnqueueAllOrLeaveToSweepAsync(emails, logger);
            if (outcome is ClaimOutcome.Claimed)
            {
                LogClaimed(logger, booking.CourseId, booking.Reference);
            }

            return outcome;
        }
        catch (ConcurrencyConflictException)
        {
            LogGaveUp(logger, booking.CourseId);
            return new ClaimOutcome.Busy();
        }
    }

    public async Task<int> LapseEndedOffersAsync(CancellationToken cancellationToken)
    {
        var ended = await partitions.FindLapsedOffersAsync(time.GetUtcNow(), cancellationToken);
        var lapsed = 0;
        foreach (var course in ended.GroupBy(k => k.CourseId, StringComparer.Ordinal))
        {
            try
            {
                var (count, emails) = await contention.ExecuteAsync(async token => await TryLapseAsync(course.Key, course.Select(k => k.Reference).ToList(), token), cancellationToken);
                await emailQueue.EnqueueAllOrLeaveToSweepAsync(emails, logger);
                lapsed += count;
                LogLapsed(logger, course.Key, count);
            }
            catch (ConcurrencyConflictException)
            {
                // The next run picks the course up again; nothing was written.
                LogGaveUp(logger, course.Key);
            }
        }

        return lapsed;
    }

    private async Task<CancelOutcome> EndAsync(BookingKey booking, ChangedBy by, CancellationReason reason, bool emailFamily, bool refundIfPaid, CancellationToken cancellationToken)
    {
        try
        {
            // A family still paying: end their Checkout Session first, so they can't pay for a place they no longer
            // have. Stripe may answer that they have just paid: then the place is cancelled with the payment due back.
            var paidMeanwhile = false;
            if (reason is CancellationReason.ByFamily or CancellationReason.ByOwner &&
                await partitions.FindBookingAsync(booking.CourseId, booking.Reference, cancellationToken) is
                { Status: BookingStatus.AwaitingPayment, Payment: { CheckoutSessionId: { } session, PaidPence: 0 } })
            {
                switch (await checkoutExpiry.ExpireAsync(session, cancellationToken))
                {
                    case CheckoutExpiry.Unavailable:
                        return new CancelOutcome.Busy();
                    case CheckoutExpiry.AlreadyPaid:
                        paidMeanwhile = true;
                        break;
                }
            }

            var policy = new RefundPolicy((await settings.GetAsync(cancellationToken)).RefundDaysBefore);
            var money = new CancelMoney(policy, refundIfPaid, paidMeanwhile);
            var (outcome, emails) = await contention.ExecuteAsync(async token => await TryEndAsync(booking, by, reason, emailFamily, money, token), cancellationToken);
            await emailQueue.EnqueueAllOrLeaveToSweepAsync(emails, logger);
            if (outcome is CancelOutcome.Cancelled cancelled)
            {
                LogCancelled(logger, booking.CourseId, booking.Reference, reason, cancelled.OfferedTo);
                if (cancelled.Booking.Payment is { Method: PaymentMethod.Card, RefundOutstanding: true })
                {
                    await refunds.RequestOrLeaveToSweepAsync(booking, logger);
                }
            }

            return outcome;
        }
        catch (ConcurrencyConflictException)
        {
            LogGaveUp(logger, booking.CourseId);
            return new CancelOutcome.Busy();
        }
    }

    /// <summary>What a cancellation does with money: the policy for the family, the owner's choice, and a payment that beat the cancel.</summary>
    private sealed record CancelMoney(RefundPolicy Policy, bool OwnerRefunds, bool PaidMeanwhile)
    {
        public string? RefundReason(CancellationReason reason, Course course, DateTimeOffset now) => reason switch
        {
            _ when PaidMeanwhile => RefundReasons.PaidWhileCancelling,
            CancellationReason.ByFamily when Policy.RefundsFamilyCancellingAt(course, now) => RefundReasons.CancelledByFamily,
            CancellationReason.ByOwner when OwnerRefunds => RefundReasons.CancelledByOwner,
            _ => null,
        };
    }

    private async Task<(CancelOutcome Outcome, IReadOnlyList<OutboxMessage> Emails)> TryEndAsync(
        BookingKey key, ChangedBy by, CancellationReason reason, bool emailFamily, CancelMoney money, CancellationToken cancellationToken)
    {
        var snapshot = await partitions.LoadAsync(key.CourseId, cancellationToken);
        if (snapshot is null || await partitions.LoadBookingAsync(snapshot, key.Reference, cancellationToken) is not { } booking)
        {
            return (new CancelOutcome.NotFound(), []);
        }

        var course = snapshot.Course;
        var now = time.GetUtcNow();
        if (booking.Status == BookingStatus.Cancelled)
        {
            return (new CancelOutcome.AlreadyCancelled(booking, course), []);
        }

        // "No thanks" from an old tab after the family took the place must not give their place away.
        if (reason == CancellationReason.OfferDeclined && booking.Status != BookingStatus.Offered)
        {
            return (new CancelOutcome.NothingToDecline(booking, course), []);
        }

        if (course.Status == CourseStatus.Cancelled || now >= course.FirstSessionStartsUtc)
        {
            return (new CancelOutcome.CourseOver(booking, course), []);
        }

        // The cut-off protects a place the owner could not fill in time; leaving the waitlist or turning down an offer
        // costs nobody a place, so the family can always do those.
        var cutOff = course.FirstSessionStartsUtc - options.Value.CancellationCutOff;
        if (by == ChangedBy.Family && booking.Status == BookingStatus.Confirmed && now > cutOff)
        {
            return (new CancelOutcome.TooLate(booking, course, cutOff), []);
        }

        var changes = snapshot.Change(now);
        // Recorded before the status changes, so the family's email can say what they gave up (a place or a waitlist spot).
        changes.UpdateBooking(key.Reference, b => b with { CancelledFrom = b.Status });
        var freed = changes.CancelBooking(key.Reference, reason);
        // The refund is decided in the same transaction as the cancellation, so a crash can't cancel without it.
        if (money.RefundReason(reason, course, now) is { } refundReason)
        {
            RefundDecisions.OweFullRefund(changes, key.Reference, refundReason, money.PaidMeanwhile);
        }

        if (emailFamily)
        {
            changes.OweEmail(key.Reference, EmailTemplates.BookingCancelled);
        }

        // A freed general place goes to the next family; a freed waitlist slot moves everyone behind it up.
        var offered = freed == FreedPlace.Free
            ? []
            : await WaitlistOffers.OfferFreePlacesAsync(partitions, snapshot, changes, options.Value, now, cancellationToken);
        var emails = await partitions.CommitOrRetryAsync(changes, cancellationToken);
        return (new CancelOutcome.Cancelled(changes.Current(key.Reference), changes.Course, offered.Count), emails);
    }

    private async Task<(ClaimOutcome Outcome, IReadOnlyList<OutboxMessage> Emails)> TryClaimAsync(BookingKey key, PaymentMethod paymentMethod, CancellationToken cancellationToken)
    {
        var snapshot = await partitions.LoadAsync(key.CourseId, cancellationToken);
        if (snapshot is null || await partitions.LoadBookingAsync(snapshot, key.Reference, cancellationToken) is not { } booking)
        {
            return (new ClaimOutcome.NotFound(), []);
        }

        var course = snapshot.Course;
        var now = time.GetUtcNow();
        switch (booking.Status)
        {
            case BookingStatus.Confirmed when booking.OfferedUtc is not null:
            case BookingStatus.AwaitingPayment when booking.OfferedUtc is not null:
                // Claimed already (a second press); a paid place may still be waiting at Checkout: the page sends them back there.
                return (new ClaimOutcome.AlreadyClaimed(booking, course), []);
            case BookingStatus.Confirmed or BookingStatus.Waitlisted:
                return (new ClaimOutcome.NotOffered(booking, course), []);
            case BookingStatus.Cancelled:
                return (new ClaimOutcome.OfferEnded(booking, course), []);
        }

        var changes = snapshot.Change(now);
        if (booking.OfferExpiresUtc <= now || course.Status == CourseStatus.Cancelled)
        {
            // Ended, though the timer hasn't got to it yet: end it now and pass the place on, as the timer would.
            changes.CancelBooking(key.Reference, CancellationReason.OfferLapsed);
            changes.OweEmail(key.Reference, EmailTemplates.OfferLapsed);
            await WaitlistOffers.OfferFreePlacesAsync(partitions, snapshot, changes, options.Value, now, cancellationToken);
            var lapsedEmails = await partitions.CommitOrRetryAsync(changes, cancellationToken);
            return (new ClaimOutcome.OfferEnded(changes.Current(key.Reference), changes.Course), lapsedEmails);
        }

        // Bank transfer or cash only where the course allows it (the page offers it only then); a stale or altered form
        // on a course that doesn't falls back to the course's one way, card, rather than refusing the place.
        var payAnotherWay = paymentMethod == PaymentMethod.AnotherWay && course.PayAnotherWayAllowed;
        if (course.PricePence > 0 && payments?.Value is { Enabled: true } card && !payAnotherWay)
        {
            // A paid course: the place stays held while they pay at Checkout, under a new attempt (an earlier checkout
            // of this booking, if any, has ended); the confirmation waits for the payment. No counter moves.
            changes.ClaimOfferForPayment(key.Reference, new BookingPayment
            {
                Method = PaymentMethod.Card,
                AmountPence = course.PricePence,
                CheckoutAttempt = (booking.Payment?.CheckoutAttempt ?? 0) + 1,
                HeldUntilUtc = card.HoldUntil(now),
            });
            await partitions.CommitOrRetryAsync(changes, cancellationToken);
            return (new ClaimOutcome.Claimed(changes.Current(key.Reference), changes.Course), []);
        }

        changes.ClaimOffer(key.Reference);
        if (course.PricePence > 0)
        {
            // Paying another way (chosen, or card payments off): the place is theirs, owed by bank transfer or cash, as
            // for a booking made now; the confirmation email says how to pay.
            changes.UpdateBooking(key.Reference, b => b with { Payment = new BookingPayment { Method = PaymentMethod.AnotherWay, AmountPence = course.PricePence } });
        }

        changes.OweEmail(key.Reference, EmailTemplates.BookingConfirmed);
        var emails = await partitions.CommitOrRetryAsync(changes, cancellationToken);
        return (new ClaimOutcome.Claimed(changes.Current(key.Reference), changes.Course), emails);
    }

    private async Task<(int Lapsed, IReadOnlyList<OutboxMessage> Emails)> TryLapseAsync(string courseId, IReadOnlyList<string> references, CancellationToken cancellationToken)
    {
        var snapshot = await partitions.LoadAsync(courseId, cancellationToken);
        if (snapshot is null)
        {
            return (0, []);
        }

        var now = time.GetUtcNow();
        var changes = snapshot.Change(now);
        var lapsed = 0;
        foreach (var reference in references)
        {
            // Read again inside the change: the family may have claimed it a moment ago.
            if (await partitions.LoadBookingAsync(snapshot, reference, cancellationToken) is { Status: BookingStatus.Offered } offer && offer.OfferExpiresUtc <= now)
            {
                changes.CancelBooking(reference, CancellationReason.OfferLapsed);
                changes.OweEmail(reference, EmailTemplates.OfferLapsed);
                lapsed++;
            }
        }

        if (lapsed == 0)
        {
            return (0, []);
        }

        await WaitlistOffers.OfferFreePlacesAsync(partitions, snapshot, changes, options.Value, now, cancellationToken);
        return (lapsed, await partitions.CommitOrRetryAsync(changes, cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Booking {Reference} on course {CourseId} ended ({Reason}); {OfferedTo} waiting families offered the place")]
    private static partial void LogCancelled(ILogger logger, string courseId, string reference, CancellationReason reason, int offeredTo);

    [LoggerMessage(Level = LogLevel.Information, Message = "Offered place claimed: booking {Reference} on course {CourseId}")]
    private static partial void LogClaimed(ILogger logger, string courseId, string reference);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} offers of a place on course {CourseId} lapsed and were passed on")]
    private static partial void LogLapsed(ILogger logger, string courseId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up changing a booking on course {CourseId} after repeated conflicts")]
    private static partial void LogGaveUp(ILogger logger, string courseId);
}
