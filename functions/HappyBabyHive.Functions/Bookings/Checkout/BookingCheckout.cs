using HappyBabyHive.Concurrency;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Payments;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;

namespace HappyBabyHive.Bookings.Checkout;

/// <summary>What starting (or resuming) Checkout for a held place came to.</summary>
public abstract record CheckoutStart
{
    private CheckoutStart()
    {
    }

    /// <summary>Send the parent to <see cref="CheckoutSession.Url"/>; the place is held until the session's end.</summary>
    public sealed record Started(CheckoutSession Session) : CheckoutStart;

    /// <summary>The booking is not waiting for a card payment (paid, released, or never needed one): nothing to pay.</summary>
    public sealed record NothingToPay(Booking Booking) : CheckoutStart;

    public sealed record NotFound : CheckoutStart;

    /// <summary>Stripe could not be reached (or payments are off): the place stays held; the same request later gets the same session.</summary>
    public sealed record Unavailable : CheckoutStart;
}

public interface IBookingCheckout
{
    /// <summary>
    /// The Checkout Session for a booking awaiting payment: created at Stripe under the booking's idempotency key
    /// (course, reference, attempt) with the hold's end as its expiry, so asking again (a retry, the parent's "back to
    /// payment" button) gets the same session, never a second one. Its id is recorded on the booking.
    /// </summary>
    Task<CheckoutStart> StartAsync(BookingKey key, CancellationToken cancellationToken);
}

public sealed partial class BookingCheckout(
    ICoursePartitionStore partitions,
    IPaymentGateway gateway,
    TimeProvider time,
    ResiliencePipelineProvider<string> pipelines,
    ILogger<BookingCheckout> logger) : IBookingCheckout
{
    private readonly ResiliencePipeline contention = pipelines.Get();

    public async Task<CheckoutStart> StartAsync(BookingKey key, CancellationToken cancellationToken)
    {
        var snapshot = await partitions.LoadAsync(key.CourseId, cancellationToken);
        if (snapshot is null || await partitions.FindBookingAsync(key.CourseId, key.Reference, cancellationToken) is not { } booking)
        {
            return new CheckoutStart.NotFound();
        }

        if (booking is not { Status: BookingStatus.AwaitingPayment, Payment: { Method: PaymentMethod.Card, HeldUntilUtc: { } heldUntil } payment })
        {
            return new CheckoutStart.NothingToPay(booking);
        }

        var request = new CheckoutRequest(key.CourseId, key.Reference, snapshot.Course.Title, payment.AmountPence, booking.Email, payment.CheckoutAttempt, heldUntil);
        switch (await gateway.CreateCheckoutSessionAsync(request, cancellationToken))
        {
            case CheckoutOutcome.Created { Session: var session }:
                if (payment.CheckoutSessionId != session.Id)
                {
                    await RecordSessionAsync(key, payment.CheckoutAttempt, session.Id, cancellationToken);
                }

                return new CheckoutStart.Started(session);
            case CheckoutOutcome.Failed { Failure: var failure }:
                LogCheckoutFailed(logger, key.CourseId, key.Reference, failure.Kind, failure.StripeCode);
                return new CheckoutStart.Unavailable();
            default:
                throw new InvalidOperationException("Unhandled checkout outcome.");
        }
    }

    /// <summary>
    /// Records the session on the booking, so the hold timer can expire it and the return page can name it. Only for
    /// the attempt the session was made for: a booking that moved on meanwhile (paid, released) is left alone.
    /// </summary>
    private async Task RecordSessionAsync(BookingKey key, int attempt, string sessionId, CancellationToken cancellationToken)
    {
        try
        {
            await contention.ExecuteAsync(
                async token =>
                {
                    var snapshot = await partitions.LoadAsync(key.CourseId, token);
                    if (snapshot is null ||
                        await partitions.LoadBookingAsync(snapshot, key.Reference, token) is not { Status: BookingStatus.AwaitingPayment, Payment: { } payment } ||
                        payment.CheckoutAttempt != attempt || payment.CheckoutSessionId == sessionId)
                    {
                        return;
                    }

                    var changes = snapshot.Change(time.GetUtcNow());
                    changes.UpdateBooking(key.Reference, b => b with { Payment = payment with { CheckoutSessionId = sessionId } });
                    await partitions.CommitOrRetryAsync(changes, token);
                },
                cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // Not recorded: the parent can still pay (the webhook names the booking by its metadata), the next start
            // records it, and the hold timer releases an unrecorded hold without asking Stripe.
            LogNotRecorded(logger, key.CourseId, key.Reference);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start Checkout for booking {Reference} on course {CourseId}: {Failure} {StripeCode}")]
    private static partial void LogCheckoutFailed(ILogger logger, string courseId, string reference, PaymentFailureKind failure, string? stripeCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkout session for booking {Reference} on course {CourseId} not recorded after repeated conflicts")]
    private static partial void LogNotRecorded(ILogger logger, string courseId, string reference);
}
