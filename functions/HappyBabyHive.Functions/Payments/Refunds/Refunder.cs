using HappyBabyHive.Concurrency;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Partition;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;

namespace HappyBabyHive.Payments.Refunds;

/// <summary>What one attempt to send a booking's refund came to.</summary>
public enum RefundResult
{
    /// <summary>No refund is outstanding (none decided, or already given back): nothing sent.</summary>
    NothingOutstanding,

    /// <summary>Stripe refunded it (or had already), and the booking now says so.</summary>
    Refunded,

    /// <summary>Paid by bank transfer or cash: the owner gives it back by hand and marks it refunded in the console.</summary>
    ByHand,

    /// <summary>The payment is not recorded yet (the completion webhook is still on its way): the sweep tries again.</summary>
    WaitingForPayment,

    /// <summary>Stripe could not be reached, or the booking kept changing under us: the sweep tries again.</summary>
    RetryLater,

    /// <summary>Stripe refused (or payments are off): retrying as it stands won't help; the console shows it as outstanding.</summary>
    Refused,
}

/// <summary>
/// Sends a decided refund to Stripe and records it. The decision (RefundDuePence, RefundReason) was committed with the
/// cancellation, so this can run any number of times, on any instance, after any crash: each run reads the booking,
/// asks Stripe for the outstanding amount under the refund's one idempotency key
/// (<see cref="PaymentIdempotencyKeys.Refund"/>: course, reference, reason), and records RefundedPence under the
/// booking's ETag. Two runs at once send the same key, so Stripe makes one refund and replays it to the other; a crash
/// after Stripe refunded and before we recorded it is answered the same way by the next run (or, after Stripe's 24-hour
/// key window, by "charge already refunded", as refunds here are always the whole payment).
/// </summary>
public sealed partial class Refunder(
    ICoursePartitionStore partitions,
    IPaymentGateway gateway,
    TimeProvider time,
    ResiliencePipelineProvider<string> pipelines,
    ILogger<Refunder> logger)
{
    private readonly ResiliencePipeline contention = pipelines.Get();

    public async Task<RefundResult> RefundAsync(BookingKey key, CancellationToken cancellationToken)
    {
        try
        {
            return await contention.ExecuteAsync(async token => await TryRefundAsync(key, token), cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            LogGaveUp(logger, key.CourseId, key.Reference);
            return RefundResult.RetryLater;
        }
    }

    private async Task<RefundResult> TryRefundAsync(BookingKey key, CancellationToken cancellationToken)
    {
        var snapshot = await partitions.LoadAsync(key.CourseId, cancellationToken);
        if (snapshot is null || await partitions.LoadBookingAsync(snapshot, key.Reference, cancellationToken) is not { Payment: { RefundOutstanding: true } payment })
        {
            return RefundResult.NothingOutstanding;
        }

        if (payment.Method != PaymentMethod.Card)
        {
            return RefundResult.ByHand;
        }

        if (payment.PaymentIntentId is null)
        {
            return RefundResult.WaitingForPayment;
        }

        var amount = payment.RefundDuePence - payment.RefundedPence;
        var request = new RefundRequest(payment.PaymentIntentId, amount, PaymentIdempotencyKeys.Refund(key.CourseId, key.Reference, payment.RefundReason ?? "refund"));
        var outcome = await gateway.RefundAsync(request, cancellationToken);
        long refundedNow;
        switch (outcome)
        {
            case RefundOutcome.Refunded refunded:
                refundedNow = payment.RefundedPence + refunded.Refund.AmountPence;
                break;
            case RefundOutcome.AlreadyRefunded:
                refundedNow = payment.RefundDuePence;
                break;
            case RefundOutcome.Failed { Failure.Kind: PaymentFailureKind.Unavailable }:
                LogStripeUnavailable(logger, key.CourseId, key.Reference);
                return RefundResult.RetryLater;
            case RefundOutcome.Failed failed:
                LogRefused(logger, key.CourseId, key.Reference, failed.Failure.Kind, failed.Failure.StripeCode);
                return RefundResult.Refused;
            default:
                throw new InvalidOperationException("Unknown refund outcome.");
        }

        // Recorded under the ETag: a lost race re-reads and, if charge.refunded got there first, finds nothing outstanding.
        var now = time.GetUtcNow();
        var changes = snapshot.Change(now);
        changes.UpdateBooking(key.Reference, b => b with
        {
            Payment = b.Payment! with
            {
                RefundedPence = Math.Max(b.Payment.RefundedPence, refundedNow),
                RefundedUtc = b.Payment.RefundedUtc ?? now,
            },
        });
        await partitions.CommitOrRetryAsync(changes, cancellationToken);
        LogRefunded(logger, key.CourseId, key.Reference, amount);
        return RefundResult.Refunded;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refunded {AmountPence}p for booking {Reference} on course {CourseId}")]
    private static partial void LogRefunded(ILogger logger, string courseId, string reference, long amountPence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe unavailable refunding booking {Reference} on course {CourseId}; the sweep retries")]
    private static partial void LogStripeUnavailable(ILogger logger, string courseId, string reference);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stripe refused the refund for booking {Reference} on course {CourseId}: {Kind} {StripeCode}; the owner must look at it")]
    private static partial void LogRefused(ILogger logger, string courseId, string reference, PaymentFailureKind kind, string? stripeCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up recording the refund for booking {Reference} on course {CourseId} after repeated conflicts; the sweep retries")]
    private static partial void LogGaveUp(ILogger logger, string courseId, string reference);
}

/// <summary>
/// Every few minutes: sends each refund still outstanding (a queue message lost, Stripe down, a crash between the
/// decision and the call). Refunds in flight are few, so one run takes them one at a time.
/// </summary>
public sealed partial class RefundSweeper(ICoursePartitionStore partitions, Refunder refunder, ILogger<RefundSweeper> logger)
{
    public async Task<IReadOnlyDictionary<RefundResult, int>> SweepAsync(CancellationToken cancellationToken)
    {
        var results = new Dictionary<RefundResult, int>();
        foreach (var booking in await partitions.FindRefundsOutstandingAsync(cancellationToken))
        {
            var result = await refunder.RefundAsync(booking, cancellationToken);
            results[result] = results.GetValueOrDefault(result) + 1;
        }

        if (results.Count > 0)
        {
            var refunded = results.GetValueOrDefault(RefundResult.Refunded);
            var outstanding = results.Values.Sum();
            LogSwept(logger, refunded, outstanding);
        }

        return results;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refund sweep: {Refunded} of {Outstanding} outstanding refunds sent")]
    private static partial void LogSwept(ILogger logger, int refunded, int outstanding);
}

/// <summary>The checkout expiry port (<see cref="Courses.Refunds.ICheckoutExpiry"/>) over the payment gateway.</summary>
public sealed class GatewayCheckoutExpiry(IPaymentGateway gateway) : Courses.Refunds.ICheckoutExpiry
{
    public async Task<Courses.Refunds.CheckoutExpiry> ExpireAsync(string checkoutSessionId, CancellationToken cancellationToken) =>
        await gateway.ExpireSessionAsync(checkoutSessionId, cancellationToken) switch
        {
            ExpireOutcome.AlreadyPaid => Courses.Refunds.CheckoutExpiry.AlreadyPaid,
            ExpireOutcome.Failed { Failure.Kind: PaymentFailureKind.Unavailable } => Courses.Refunds.CheckoutExpiry.Unavailable,
            // Expired, not found, or payments switched off: nobody can pay this session any more.
            _ => Courses.Refunds.CheckoutExpiry.Expired,
        };
}
