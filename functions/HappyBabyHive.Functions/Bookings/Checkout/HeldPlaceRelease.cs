using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Concurrency;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Outbox;
using HappyBabyHive.Payments;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace HappyBabyHive.Bookings.Checkout;

/// <summary>
/// Gives back places held for families who didn't finish paying. Normally Stripe's checkout.session.expired does it
/// (<see cref="CheckoutEventHandler"/>); this timer catches the holds whose expiry never came (a lost event, or a
/// session never created because Stripe was down): it expires the session at Stripe first, so nobody can pay for a
/// place after it was given away, and leaves a session Stripe says was paid to its completed event.
/// </summary>
public sealed partial class HeldPlaceRelease(
    ICoursePartitionStore partitions,
    IPaymentGateway gateway,
    IEmailEnqueuer emailQueue,
    IOptions<BookingChangeOptions> options,
    TimeProvider time,
    ResiliencePipelineProvider<string> pipelines,
    ILogger<HeldPlaceRelease> logger)
{
    /// <summary>
    /// How long after a hold's end the timer steps in: long enough for Stripe's own expiry event to arrive and be
    /// applied first (it usually comes within a minute or two), short enough that the place reaches the next family soon.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    private readonly ResiliencePipeline contention = pipelines.Get();

    /// <summary>Ends the holds that ran out more than <see cref="Grace"/> ago; returns how many places were released.</summary>
    public async Task<int> ReleaseEndedHoldsAsync(CancellationToken cancellationToken)
    {
        var released = 0;
        foreach (var key in await partitions.FindPaymentHoldsEndedAsync(time.GetUtcNow() - Grace, cancellationToken))
        {
            var booking = await partitions.FindBookingAsync(key.CourseId, key.Reference, cancellationToken);
            if (booking is not { Status: BookingStatus.AwaitingPayment, Payment: { } payment })
            {
                continue;
            }

            if (payment.CheckoutSessionId is { } sessionId)
            {
                switch (await gateway.ExpireSessionAsync(sessionId, cancellationToken))
                {
                    case ExpireOutcome.AlreadyPaid:
                        // The completed event will confirm it (the webhook sweep re-sends it if it was lost).
                        LogPaidMeanwhile(logger, key.CourseId, key.Reference);
                        continue;
                    case ExpireOutcome.Failed { Failure: var failure } when failure.Kind != PaymentFailureKind.NotFound:
                        // Can't be sure it wasn't paid: keep the place held and ask again next run.
                        LogExpireFailed(logger, key.CourseId, key.Reference, failure.Kind);
                        continue;
                }
            }

            try
            {
                var (done, emails) = await contention.ExecuteAsync(async token => await TryReleaseAsync(key, payment.CheckoutAttempt, token), cancellationToken);
                await emailQueue.EnqueueAllOrLeaveToSweepAsync(emails, logger);
                if (done)
                {
                    released++;
                    LogReleased(logger, key.CourseId, key.Reference);
                }
            }
            catch (ConcurrencyConflictException)
            {
                LogGaveUp(logger, key.CourseId);
            }
        }

        return released;
    }

    private async Task<(bool Released, IReadOnlyList<OutboxMessage> Emails)> TryReleaseAsync(BookingKey key, int attempt, CancellationToken cancellationToken)
    {
        var snapshot = await partitions.LoadAsync(key.CourseId, cancellationToken);
        if (snapshot is null ||
            await partitions.LoadBookingAsync(snapshot, key.Reference, cancellationToken) is not { Status: BookingStatus.AwaitingPayment, Payment: { } payment } ||
            payment.CheckoutAttempt != attempt || payment.PaidPence > 0)
        {
            return (false, []); // paid, released or claimed again since we looked
        }

        var changes = snapshot.Change(time.GetUtcNow());
        await ReleaseAsync(partitions, snapshot, changes, key.Reference, options.Value, cancellationToken);
        return (true, await partitions.CommitOrRetryAsync(changes, cancellationToken));
    }

    /// <summary>
    /// Adds to <paramref name="changes"/>: the held booking cancelled (PaymentNotCompleted), its place freed and offered
    /// to the next waiting family, as a cancellation does. No email to the family who didn't pay: they chose to leave
    /// Checkout, and a late payment still reaches them (<see cref="CheckoutEventHandler"/>).
    /// </summary>
    internal static async Task ReleaseAsync(
        ICoursePartitionStore partitions, CourseSnapshot snapshot, CourseChangeSet changes, string reference, BookingChangeOptions options, CancellationToken cancellationToken)
    {
        changes.UpdateBooking(reference, b => b with { CancelledFrom = b.Status, Payment = b.Payment! with { HeldUntilUtc = null } });
        changes.CancelBooking(reference, CancellationReason.PaymentNotCompleted);
        await WaitlistOffers.OfferFreePlacesAsync(partitions, snapshot, changes, options, changes.Now, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Held place {Reference} on course {CourseId} released: not paid in time")]
    private static partial void LogReleased(ILogger logger, string courseId, string reference);

    [LoggerMessage(Level = LogLevel.Information, Message = "Held place {Reference} on course {CourseId} was paid at the last moment; left for its completed event")]
    private static partial void LogPaidMeanwhile(ILogger logger, string courseId, string reference);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not expire the Checkout Session of held place {Reference} on course {CourseId} ({Failure}); trying next run")]
    private static partial void LogExpireFailed(ILogger logger, string courseId, string reference, PaymentFailureKind failure);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up releasing held places on course {CourseId} after repeated conflicts; next run")]
    private static partial void LogGaveUp(ILogger logger, string courseId);
}
