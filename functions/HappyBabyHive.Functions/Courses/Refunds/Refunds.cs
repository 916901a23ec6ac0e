using HappyBabyHive.Courses.Partition;

namespace HappyBabyHive.Courses.Refunds;

/// <summary>
/// Why a refund is due. Each is part of the refund's Stripe idempotency key (PaymentIdempotencyKeys.Refund), so one
/// booking gets at most one refund per reason however often it is sent. Stored by value, so never change one.
/// </summary>
public static class RefundReasons
{
    /// <summary>The family cancelled within the cancellation policy.</summary>
    public const string CancelledByFamily = "cancelled";

    /// <summary>The owner cancelled the booking and chose to refund it.</summary>
    public const string CancelledByOwner = "owner-cancelled";

    /// <summary>The owner cancelled the whole course: always a full refund.</summary>
    public const string CourseCancelled = "course-cancelled";

    /// <summary>The family cancelled while paying and the payment went through anyway (Stripe said the session was already paid).</summary>
    public const string PaidWhileCancelling = "paid-while-cancelling";
}

/// <summary>"Send booking X's refund now": a hint to the refunder after the decision is committed; the sweep covers a lost one.</summary>
public interface IRefundRequests
{
    Task RequestAsync(BookingKey booking, CancellationToken cancellationToken);
}

public static class RefundDecisions
{
    /// <summary>
    /// Records, in <paramref name="changes"/> (so in the same transaction as the cancellation it belongs to), that what
    /// the family paid is to be given back in full. Returns the amount owed back in pence, or 0 when nothing was paid
    /// (a free place, an unpaid place, or a refund already decided).
    /// </summary>
    /// <param name="paidMeanwhile">
    /// Stripe said the Checkout Session was already paid though the webhook has not yet recorded it: the price is due
    /// back, and the refunder sends it once the payment (and its payment intent) is recorded.
    /// </param>
    public static long OweFullRefund(CourseChangeSet changes, string reference, string reason, bool paidMeanwhile = false)
    {
        var booking = changes.Current(reference);
        if (booking.Payment is not { } payment)
        {
            return 0;
        }

        var due = paidMeanwhile ? Math.Max(payment.PaidPence, payment.AmountPence) : payment.PaidPence;
        if (due <= 0 || payment.RefundDuePence >= due)
        {
            return 0;
        }

        changes.UpdateBooking(reference, b => b with { Payment = b.Payment! with { RefundDuePence = due, RefundReason = reason } });
        return due - payment.RefundedPence;
    }
}
