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

/// <summary>The refunds queue's message: "{courseId} {reference}" (a course id has no spaces; neither does a reference).</summary>
public static class RefundMessage
{
    public static string Format(BookingKey booking) => $"{booking.CourseId} {booking.Reference}";

    public static bool TryParse(string? text, out BookingKey booking)
    {
        booking = default!;
        var parts = text?.Split(' ') ?? [];
        if (parts.Length != 2 || !CourseIdFormat.IsValid(parts[0]) || !IsReferenceShaped(parts[1]))
        {
            return false;
        }

        booking = new BookingKey(parts[0], parts[1]);
        return true;
    }

    // Only the shape that is safe as a row key; the refunder finds no booking for anything else.
    private static bool IsReferenceShaped(string reference) =>
        reference is { Length: > 0 and <= 40 } && reference.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}

/// <summary>
/// Ends a family's unfinished Checkout Session before their held place is cancelled, so they can't pay for a place
/// they no longer have (Courses can't use Payments; the payments feature implements this).
/// </summary>
public interface ICheckoutExpiry
{
    Task<CheckoutExpiry> ExpireAsync(string checkoutSessionId, CancellationToken cancellationToken);
}

public enum CheckoutExpiry
{
    /// <summary>The session can no longer be paid (expired now or before, unknown to Stripe, or payments are off): cancel.</summary>
    Expired,

    /// <summary>The family paid just before: cancel, with the payment due back.</summary>
    AlreadyPaid,

    /// <summary>Stripe could not be asked: don't cancel yet (the family may still be paying); try again shortly.</summary>
    Unavailable,
}

public static partial class RefundRequestsExtensions
{
    /// <summary>
    /// Asks the refunder to send the refund now. Called after the decision is committed, so a failure here loses
    /// nothing: the refund sweep finds every refund still outstanding.
    /// </summary>
    public static async Task RequestOrLeaveToSweepAsync(this IRefundRequests requests, BookingKey booking, Microsoft.Extensions.Logging.ILogger logger)
    {
        try
        {
            await requests.RequestAsync(booking, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogLeftToSweep(logger, booking.CourseId, booking.Reference, e.GetType().Name);
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning,
        Message = "Could not queue the refund for booking {Reference} on course {CourseId} ({Error}); the refund sweep will send it")]
    private static partial void LogLeftToSweep(Microsoft.Extensions.Logging.ILogger logger, string courseId, string reference, string error);
}
