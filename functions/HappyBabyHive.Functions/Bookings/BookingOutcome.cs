using HappyBabyHive.Courses;
using HappyBabyHive.Payments;

namespace HappyBabyHive.Bookings;

/// <param name="Checkout">For a place awaiting payment: the Checkout Session to send the parent to, and when the hold ends.</param>
public sealed record BookingReceipt(
    string Reference,
    BookingStatus Status,
    int? WaitlistPosition,
    string CourseId,
    string CourseTitle,
    CheckoutSession? Checkout = null);

/// <summary>Every way a booking attempt can end; the HTTP function maps each to one response.</summary>
public abstract record BookingOutcome
{
    private BookingOutcome()
    {
    }

    public sealed record Created(BookingReceipt Receipt) : BookingOutcome;

    /// <summary>The same family or the same idempotency key booked before: here is that original booking.</summary>
    public sealed record Replayed(BookingReceipt Receipt) : BookingOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : BookingOutcome;

    public sealed record CourseNotFound(string CourseId) : BookingOutcome;

    public sealed record CourseNotBookable(string Detail) : BookingOutcome;

    public sealed record IdempotencyKeyReused : BookingOutcome;

    /// <summary>
    /// The place is held (AwaitingPayment) but Stripe could not be reached to start Checkout: try again shortly (503);
    /// the retry with the same Idempotency-Key, or from the same family, gets this booking and its session.
    /// </summary>
    public sealed record PaymentUnavailable(BookingReceipt Receipt) : BookingOutcome;

    /// <summary>So many people booked this course at once that we gave up retrying; safe to try again.</summary>
    public sealed record Busy : BookingOutcome;

    /// <summary>A honeypot field was filled in: nothing is stored and nothing is sent.</summary>
    public sealed record Ignored : BookingOutcome;
}
