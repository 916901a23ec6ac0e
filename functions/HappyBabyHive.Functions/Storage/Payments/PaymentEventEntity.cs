using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Payments.Webhooks;

namespace HappyBabyHive.Storage.Payments;

/// <summary>One Stripe event in the Payments table: PartitionKey "stripe-event", RowKey the event id (evt_…).</summary>
internal sealed class PaymentEventEntity : ITableEntity
{
    /// <summary>
    /// All events share one partition: the sweep's "unapplied" query stays a single-partition query, and at this
    /// business's size (a few events per booking) one partition is never near its limits.
    /// </summary>
    public const string Partition = "stripe-event";

    public string PartitionKey { get; set; } = Partition;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Type { get; set; } = string.Empty;
    public DateTimeOffset OccurredUtc { get; set; }
    public string CourseId { get; set; } = string.Empty;
    public string Reference { get; set; } = string.Empty;
    public string ObjectId { get; set; } = string.Empty;
    public string? PaymentIntentId { get; set; }
    public long AmountPence { get; set; }
    public long RefundedPence { get; set; }
    public bool Paid { get; set; }
    public DateTimeOffset ReceivedUtc { get; set; }

    /// <summary>A bool beside <see cref="AppliedUtc"/> because Table queries cannot filter on a missing (null) property.</summary>
    public bool Applied { get; set; }
    public DateTimeOffset? AppliedUtc { get; set; }
    public DateTimeOffset? ClaimedUntilUtc { get; set; }

    public static PaymentEventEntity From(PaymentEvent e, DateTimeOffset receivedUtc) => new()
    {
        RowKey = e.EventId,
        Type = e.Type.ToString(),
        OccurredUtc = e.OccurredUtc,
        CourseId = e.CourseId,
        Reference = e.Reference,
        ObjectId = e.ObjectId,
        PaymentIntentId = e.PaymentIntentId,
        AmountPence = e.AmountPence,
        RefundedPence = e.RefundedPence,
        Paid = e.Paid,
        ReceivedUtc = receivedUtc,
    };

    public PaymentEvent ToEvent() => new(
        RowKey, Enum.Parse<PaymentEventType>(Type), OccurredUtc, CourseId, Reference, ObjectId, PaymentIntentId, AmountPence, RefundedPence, Paid);

    public StoredPaymentEvent ToStored() => new(ToEvent(), ReceivedUtc, AppliedUtc);
}
