using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Concurrency;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Outbox;
using HappyBabyHive.Payments.Webhooks;
using HappyBabyHive.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace HappyBabyHive.Bookings.Checkout;

/// <summary>
/// Applies Stripe's checkout and refund events to bookings. Each event is a state change guarded by the booking's
/// current state (never a counter), in one transaction with the counters, any offer of a freed place and the emails
/// owed, so a duplicate or an event seen again after a crash changes nothing twice, and events in any order end the
/// same way: an expiry after the payment is ignored; a payment after the hold was released takes the place back if one
/// is free, and otherwise is recorded with its refund due ("no-place") for the refunder to give back.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "An IPaymentEventHandler; not a .NET event delegate.")]
public sealed partial class CheckoutEventHandler(
    ICoursePartitionStore partitions,
    IEmailEnqueuer emailQueue,
    IBusinessSettingsStore settings,
    IPaymentIntentBookings paymentIntents,
    IOptions<BookingChangeOptions> options,
    TimeProvider time,
    ResiliencePipelineProvider<string> pipelines,
    ILogger<CheckoutEventHandler> logger) : IPaymentEventHandler
{
    /// <summary>Why a payment is owed back when it arrived for a place that had already gone to someone else.</summary>
    public const string NoPlaceRefundReason = "no-place";

    /// <summary>
    /// How long a refund whose payment no booking has recorded yet is tried again (by the sweep, every few minutes):
    /// Stripe retries a webhook delivery for up to three days, so the checkout.session.completed that records the
    /// payment can arrive that late. After that the refund is for a payment that isn't ours, and it is left.
    /// </summary>
    public static readonly TimeSpan UnmatchedRefundRetryFor = TimeSpan.FromDays(3);

    private readonly ResiliencePipeline contention = pipelines.Get();

    public async Task<PaymentEventHandling> HandleAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paymentEvent);
        if (string.IsNullOrEmpty(paymentEvent.CourseId) || string.IsNullOrEmpty(paymentEvent.Reference))
        {
            // A refund made in Stripe's dashboard: Stripe does not copy the payment's metadata to its charge, so the
            // event names only the payment intent, which the booking recorded when its checkout completed.
            if (paymentEvent is { Type: PaymentEventType.ChargeRefunded, PaymentIntentId: { Length: > 0 } paymentIntentId })
            {
                if (await paymentIntents.FindAsync(paymentIntentId, cancellationToken) is { } booking)
                {
                    paymentEvent = paymentEvent with { CourseId = booking.CourseId, Reference = booking.Reference };
                }
                else if (time.GetUtcNow() - paymentEvent.OccurredUtc < UnmatchedRefundRetryFor)
                {
                    // Its checkout.session.completed may not be applied yet (events arrive in any order): try again later.
                    LogRefundNotMatchedYet(logger, paymentEvent.EventId);
                    return PaymentEventHandling.RetryLater;
                }
            }

            if (string.IsNullOrEmpty(paymentEvent.CourseId))
            {
                LogUnknownBooking(logger, paymentEvent.EventId, paymentEvent.Type);
                return PaymentEventHandling.Applied;
            }
        }

        // Read before the transaction: settings live elsewhere, and the percentage is the one in force now.
        var donationPercent = paymentEvent.Type is PaymentEventType.CheckoutCompleted or PaymentEventType.AsyncPaymentSucceeded
            ? (await settings.GetAsync(cancellationToken)).DonationPercent
            : 0m;
        try
        {
            var (result, emails) = await contention.ExecuteAsync(async token => await TryApplyAsync(paymentEvent, donationPercent, token), cancellationToken);
            await emailQueue.EnqueueAllOrLeaveToSweepAsync(emails, logger);
            LogHandled(logger, paymentEvent.EventId, paymentEvent.Type, paymentEvent.CourseId, paymentEvent.Reference, result);
            return PaymentEventHandling.Applied;
        }
        catch (ConcurrencyConflictException)
        {
            // The course was too busy: nothing was written; the queue retries, and the sweep re-sends it after that.
            return PaymentEventHandling.RetryLater;
        }
    }

    private async Task<(string Result, IReadOnlyList<OutboxMessage> Emails)> TryApplyAsync(PaymentEvent e, decimal donationPercent, CancellationToken cancellationToken)
    {
        var snapshot = await partitions.LoadAsync(e.CourseId, cancellationToken);
        if (snapshot is null || await partitions.LoadBookingAsync(snapshot, e.Reference, cancellationToken) is not { } booking)
        {
            return ("no such booking", []);
        }

        var changes = snapshot.Change(time.GetUtcNow());
        var result = e.Type switch
        {
            PaymentEventType.CheckoutCompleted or PaymentEventType.AsyncPaymentSucceeded when e.Paid => Paid(changes, booking, e, donationPercent),
            PaymentEventType.CheckoutCompleted => Pending(changes, booking, e),
            PaymentEventType.AsyncPaymentFailed or PaymentEventType.CheckoutExpired => await ReleaseAsync(snapshot, changes, booking, e, cancellationToken),
            PaymentEventType.ChargeRefunded => Refunded(changes, booking, e),
            _ => null,
        };
        if (result is null)
        {
            return ("nothing to change", []);
        }

        return (result, await partitions.CommitOrRetryAsync(changes, cancellationToken));
    }

    /// <summary>The money is in: confirm the held place, or take a released one back, or record the payment as owed back.</summary>
    private static string? Paid(CourseChangeSet changes, Booking booking, PaymentEvent e, decimal donationPercent)
    {
        if (booking.Payment is { PaidPence: > 0 })
        {
            return null; // recorded before: a duplicate, or async_payment_succeeded after completed
        }

        var payment = (booking.Payment ?? new BookingPayment { Method = PaymentMethod.Card, AmountPence = e.AmountPence }) with
        {
            Method = PaymentMethod.Card,
            CheckoutSessionId = e.ObjectId,
            PaymentIntentId = e.PaymentIntentId,
            PaidPence = e.AmountPence,
            PaidUtc = e.OccurredUtc,
            DonationPercent = donationPercent,
            HeldUntilUtc = null,
        };
        var course = changes.Course;
        switch (booking.Status)
        {
            case BookingStatus.AwaitingPayment when course.Status == CourseStatus.Cancelled:
                // The course was cancelled while they paid (a hold the cancellation missed): end the hold, owe the money back.
                changes.UpdateBooking(booking.Reference, b => b with
                {
                    CancelledFrom = b.Status,
                    Payment = payment with { RefundDuePence = payment.PaidPence, RefundReason = NoPlaceRefundReason },
                });
                changes.CancelBooking(booking.Reference, CancellationReason.CourseCancelled);
                changes.OweEmail(booking.Reference, EmailTemplates.LatePaymentRefund);
                return "paid for a cancelled course: refund due";
            case BookingStatus.AwaitingPayment:
                changes.ConfirmPayment(booking.Reference, payment);
                changes.OweEmail(booking.Reference, EmailTemplates.BookingConfirmed);
                return "confirmed";
            case BookingStatus.Cancelled when booking.CancellationReason == CancellationReason.PaymentNotCompleted &&
                                              course.Status == CourseStatus.Open && course.GeneralSpacesLeft > 0 && changes.Now < course.FirstSessionStartsUtc:
                changes.RestorePaidPlace(booking.Reference, payment);
                changes.OweEmail(booking.Reference, EmailTemplates.BookingConfirmed);
                return "place taken back after a late payment";
            default:
                // The place went to someone else (or the family cancelled first): keep the record, owe the money back.
                changes.UpdateBooking(booking.Reference, b => b with
                {
                    Payment = payment with { RefundDuePence = Math.Max(payment.RefundDuePence, payment.PaidPence), RefundReason = payment.RefundReason ?? NoPlaceRefundReason },
                });
                if (booking.Status == BookingStatus.Cancelled && payment.RefundReason is null)
                {
                    // Nobody has told them about this money yet (a refund decided with a cancellation is in that
                    // cancellation's email): say sorry and that it is on its way back, in the same transaction.
                    changes.OweEmail(booking.Reference, EmailTemplates.LatePaymentRefund);
                }

                return "paid without a place: refund due";
        }
    }

    /// <summary>Checkout finished with a delayed method (not paid yet): note the payment; the place stays held until it pays or fails.</summary>
    private static string? Pending(CourseChangeSet changes, Booking booking, PaymentEvent e)
    {
        if (booking is not { Status: BookingStatus.AwaitingPayment, Payment: { } payment } || payment.PaymentIntentId == e.PaymentIntentId)
        {
            return null;
        }

        changes.UpdateBooking(booking.Reference, b => b with { Payment = payment with { PaymentIntentId = e.PaymentIntentId, CheckoutSessionId = e.ObjectId } });
        return "awaiting a delayed payment";
    }

    /// <summary>The session ended unpaid: give the held place back and offer it on. Only the booking's current session can release it.</summary>
    private async Task<string?> ReleaseAsync(CourseSnapshot snapshot, CourseChangeSet changes, Booking booking, PaymentEvent e, CancellationToken cancellationToken)
    {
        if (booking is not { Status: BookingStatus.AwaitingPayment, Payment: { } payment } ||
            (payment.CheckoutSessionId is { } current && current != e.ObjectId) || payment.PaidPence > 0)
        {
            return null; // paid already, released already, or an older attempt's session
        }

        await HeldPlaceRelease.ReleaseAsync(partitions, snapshot, changes, booking.Reference, options.Value, cancellationToken);
        return "released";
    }

    private static string? Refunded(CourseChangeSet changes, Booking booking, PaymentEvent e)
    {
        if (booking.Payment is not { } payment || e.RefundedPence <= payment.RefundedPence)
        {
            return null; // an older or repeated running total
        }

        changes.UpdateBooking(booking.Reference, b => b with { Payment = payment with { RefundedPence = e.RefundedPence, RefundedUtc = e.OccurredUtc } });
        return "refund recorded";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe event {EventId} ({Type}) for booking {Reference} on course {CourseId}: {Result}")]
    private static partial void LogHandled(ILogger logger, string eventId, PaymentEventType type, string courseId, string reference, string result);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stripe event {EventId} (a refund by payment intent) matches no booking yet; it will be tried again")]
    private static partial void LogRefundNotMatchedYet(ILogger logger, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe event {EventId} ({Type}) names no booking; nothing to apply")]
    private static partial void LogUnknownBooking(ILogger logger, string eventId, PaymentEventType type);
}
