using HappyBabyHive.Concurrency;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Settings;
using HappyBabyHive.Text;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;

namespace HappyBabyHive.Payments.Manual;

/// <summary>What the owner records about money paid or given back by bank transfer or cash.</summary>
public enum OwnerPaymentAction
{
    /// <summary>The family has paid: PaidPence is the price, with the donation percentage in force now.</summary>
    MarkPaid,

    /// <summary>A mistaken "paid": back to unpaid (only while no refund has been decided on it).</summary>
    UndoPaid,

    /// <summary>She has given back the refund due by hand.</summary>
    MarkRefunded,
}

public abstract record OwnerPaymentOutcome
{
    private OwnerPaymentOutcome()
    {
    }

    /// <summary>Recorded now.</summary>
    public sealed record Changed(Booking Booking, Course Course) : OwnerPaymentOutcome;

    /// <summary>It already stood so (a second press, an old tab): nothing changed.</summary>
    public sealed record Unchanged(Booking Booking, Course Course) : OwnerPaymentOutcome;

    /// <summary>Not something she can record for this booking (a card payment, a free place, a cancelled unpaid place), with why, for her.</summary>
    public sealed record NotAllowed(string Reason) : OwnerPaymentOutcome;

    public sealed record NotFound : OwnerPaymentOutcome;

    public sealed record Busy : OwnerPaymentOutcome;
}

/// <summary>
/// The owner marks a bank-transfer or cash booking paid (or undoes a mistaken mark), or marks its refund given back.
/// Each is one read and one ETag-guarded write of the booking, idempotent: pressing twice records once, and the
/// payment time and donation percentage are those of the first press. Card payments are Stripe's to record.
/// </summary>
public sealed partial class OwnerPaymentService(
    ICoursePartitionStore partitions,
    IBusinessSettingsStore settings,
    TimeProvider time,
    ResiliencePipelineProvider<string> pipelines,
    ILogger<OwnerPaymentService> logger)
{
    private readonly ResiliencePipeline contention = pipelines.Get();

    public async Task<OwnerPaymentOutcome> RecordAsync(BookingKey key, OwnerPaymentAction action, CancellationToken cancellationToken)
    {
        if (!CourseIdFormat.IsValid(key.CourseId))
        {
            return new OwnerPaymentOutcome.NotFound();
        }

        try
        {
            var outcome = await contention.ExecuteAsync(async token => await TryRecordAsync(key, action, token), cancellationToken);
            if (outcome is OwnerPaymentOutcome.Changed)
            {
                LogRecorded(logger, key.CourseId, key.Reference, action);
            }

            return outcome;
        }
        catch (ConcurrencyConflictException)
        {
            return new OwnerPaymentOutcome.Busy();
        }
    }

    private async Task<OwnerPaymentOutcome> TryRecordAsync(BookingKey key, OwnerPaymentAction action, CancellationToken cancellationToken)
    {
        var snapshot = await partitions.LoadAsync(key.CourseId, cancellationToken);
        if (snapshot is null || await partitions.LoadBookingAsync(snapshot, key.Reference, cancellationToken) is not { } booking)
        {
            return new OwnerPaymentOutcome.NotFound();
        }

        var course = snapshot.Course;
        if (booking.Payment is not { } payment)
        {
            return new OwnerPaymentOutcome.NotAllowed(booking.IsFreePlace
                ? "This is a free place: there is nothing to pay."
                : "This family has no place to pay for (they are waiting, or were never offered one).");
        }

        if (payment.Method != PaymentMethod.AnotherWay)
        {
            return new OwnerPaymentOutcome.NotAllowed("This family pays by card: Stripe records their payment and refunds, so there is nothing to mark here.");
        }

        var now = time.GetUtcNow();
        BookingPayment? changed;
        switch (action)
        {
            case OwnerPaymentAction.MarkPaid when payment.PaidPence > 0:
                return new OwnerPaymentOutcome.Unchanged(booking, course);
            case OwnerPaymentAction.MarkPaid when booking.Status != BookingStatus.Confirmed:
                return new OwnerPaymentOutcome.NotAllowed("This booking is cancelled, so there is nothing to pay.");
            case OwnerPaymentAction.MarkPaid:
                // The percentage in force now is the one the donation report uses for this payment, whatever changes later.
                var percent = (await settings.GetAsync(cancellationToken)).DonationPercent;
                changed = payment with { PaidPence = payment.AmountPence, PaidUtc = now, DonationPercent = percent };
                break;
            case OwnerPaymentAction.UndoPaid when payment.PaidPence == 0:
                return new OwnerPaymentOutcome.Unchanged(booking, course);
            case OwnerPaymentAction.UndoPaid when payment.RefundDuePence > 0:
                return new OwnerPaymentOutcome.NotAllowed($"A refund of {Money.Pounds(payment.RefundDuePence)} has been decided on this payment, so it can't be marked unpaid.");
            case OwnerPaymentAction.UndoPaid:
                changed = payment with { PaidPence = 0, PaidUtc = null, DonationPercent = null };
                break;
            case OwnerPaymentAction.MarkRefunded when payment.RefundDuePence > 0 && !payment.RefundOutstanding:
                return new OwnerPaymentOutcome.Unchanged(booking, course);
            case OwnerPaymentAction.MarkRefunded when !payment.RefundOutstanding:
                return new OwnerPaymentOutcome.NotAllowed("No refund is due on this booking.");
            case OwnerPaymentAction.MarkRefunded:
                changed = payment with { RefundedPence = payment.RefundDuePence, RefundedUtc = now };
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown owner payment action.");
        }

        var changes = snapshot.Change(now);
        changes.UpdateBooking(key.Reference, b => b with { Payment = changed });
        await partitions.CommitOrRetryAsync(changes, cancellationToken);
        return new OwnerPaymentOutcome.Changed(changes.Current(key.Reference), changes.Course);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Owner recorded {Action} for booking {Reference} on course {CourseId}")]
    private static partial void LogRecorded(ILogger logger, string courseId, string reference, OwnerPaymentAction action);
}
