using System.Text.RegularExpressions;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Payments;

namespace HappyBabyHive.Bookings.Checkout;

/// <summary>Where a parent returning from Checkout stands, for the return pages.</summary>
public abstract record CheckoutReturn
{
    private CheckoutReturn()
    {
    }

    /// <summary>Paid and confirmed.</summary>
    public sealed record Booked(string CourseTitle, string Reference) : CheckoutReturn;

    /// <summary>Stripe says paid, but its event hasn't been applied yet: the page refreshes gently until it has.</summary>
    public sealed record Confirming(string CourseTitle, string Reference) : CheckoutReturn;

    /// <summary>Not paid, the place still held until <paramref name="HeldUntilUtc"/>; <paramref name="CheckoutUrl"/> resumes paying.</summary>
    public sealed record Held(string CourseTitle, DateTimeOffset HeldUntilUtc, Uri CheckoutUrl) : CheckoutReturn;

    /// <summary>
    /// Paid, but after the held place had been released or the course cancelled (<paramref name="CourseCancelled"/>):
    /// the booking is cancelled, the payment is being refunded in full, and the family has been emailed.
    /// </summary>
    public sealed record PaidTooLate(string CourseTitle, string Reference, bool CourseCancelled) : CheckoutReturn;

    /// <summary>Not paid, and the hold has ended (or the booking was cancelled): book again.</summary>
    public sealed record Released(string CourseTitle) : CheckoutReturn;

    /// <summary>No such session of ours (a mangled or foreign link).</summary>
    public sealed record Unknown : CheckoutReturn;

    /// <summary>Stripe or storage could not be asked just now.</summary>
    public sealed record Unavailable : CheckoutReturn;
}

public interface ICheckoutReturns
{
    Task<CheckoutReturn> FindAsync(string? sessionId, CancellationToken cancellationToken);
}

/// <summary>
/// Finds the booking a Checkout Session was for (Stripe's session id is the only thing in the return URL, so the page
/// carries nothing personal) and says where it stands, resuming the same session for a parent who left before paying.
/// </summary>
public sealed partial class CheckoutReturns(IPaymentGateway gateway, ICoursePartitionStore partitions, IBookingCheckout checkout) : ICheckoutReturns
{
    public async Task<CheckoutReturn> FindAsync(string? sessionId, CancellationToken cancellationToken)
    {
        if (sessionId is null || !SessionId().IsMatch(sessionId))
        {
            return new CheckoutReturn.Unknown();
        }

        var lookup = await gateway.GetSessionAsync(sessionId, cancellationToken);
        if (lookup is SessionLookupOutcome.Failed { Failure.Kind: PaymentFailureKind.NotFound or PaymentFailureKind.Refused })
        {
            return new CheckoutReturn.Unknown();
        }

        if (lookup is not SessionLookupOutcome.Found { Session: var session })
        {
            return new CheckoutReturn.Unavailable();
        }

        var snapshot = CourseIdFormat.IsValid(session.CourseId) ? await partitions.LoadAsync(session.CourseId, cancellationToken) : null;
        if (snapshot is null || await partitions.FindBookingAsync(session.CourseId, session.Reference, cancellationToken) is not { } booking)
        {
            return new CheckoutReturn.Unknown();
        }

        var title = snapshot.Course.Title;
        switch (booking.Status)
        {
            case BookingStatus.Confirmed when booking.Payment is { PaidPence: > 0 }:
                return new CheckoutReturn.Booked(title, booking.Reference);
            case BookingStatus.AwaitingPayment when session.Paid:
                return new CheckoutReturn.Confirming(title, booking.Reference);
            case BookingStatus.AwaitingPayment:
                return await checkout.StartAsync(new BookingKey(session.CourseId, booking.Reference), cancellationToken) switch
                {
                    CheckoutStart.Started { Session: var resumed } when session.Status == "open" || resumed.Id != session.Id =>
                        new CheckoutReturn.Held(title, resumed.ExpiresAtUtc, resumed.Url),
                    CheckoutStart.Started => new CheckoutReturn.Released(title),
                    CheckoutStart.Unavailable => new CheckoutReturn.Unavailable(),
                    _ => new CheckoutReturn.Released(title),
                };
            case BookingStatus.Cancelled when booking.Payment is { PaidPence: > 0, RefundDuePence: > 0, RefundReason: CheckoutEventHandler.NoPlaceRefundReason }:
                // The payment's event found no place for it: owed back, and the sorry email is owed with it.
                return new CheckoutReturn.PaidTooLate(title, booking.Reference, snapshot.Course.Status == CourseStatus.Cancelled);
            case BookingStatus.Cancelled when session.Paid:
                // Paid after the hold ended: the payment's event takes the place back or owes the money back, and says so by email.
                return new CheckoutReturn.Confirming(title, booking.Reference);
            case BookingStatus.Cancelled:
                return new CheckoutReturn.Released(title);
            default:
                return session.Paid ? new CheckoutReturn.Confirming(title, booking.Reference) : new CheckoutReturn.Released(title);
        }
    }

    /// <summary>Stripe's Checkout Session ids: cs_test_… or cs_live_…, letters, digits and underscores.</summary>
    [GeneratedRegex("^cs_[A-Za-z0-9_]{1,250}$", RegexOptions.CultureInvariant)]
    private static partial Regex SessionId();
}
