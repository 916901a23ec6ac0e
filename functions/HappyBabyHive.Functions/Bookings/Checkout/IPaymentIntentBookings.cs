using HappyBabyHive.Courses;

namespace HappyBabyHive.Bookings.Checkout;

/// <summary>
/// Which booking a Stripe payment (pi_…) paid for, from what the booking itself recorded when its checkout completed
/// (<see cref="BookingPayment.PaymentIntentId"/>). Used for a charge.refunded whose charge carries no booking metadata:
/// a refund made in Stripe's dashboard, since Stripe does not copy a payment intent's metadata to its charge.
/// </summary>
public interface IPaymentIntentBookings
{
    /// <summary>The booking whose payment this is, or null when no booking has recorded it (yet).</summary>
    Task<BookingKey?> FindAsync(string paymentIntentId, CancellationToken cancellationToken);
}
