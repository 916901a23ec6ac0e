using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Outbox;

namespace HappyBabyHive.Storage;

/// <summary>
/// An email still owed, written in the same transaction as the change that owes it (transactional outbox), and in the
/// same partition, so a stored booking always has its email record. Every table that owes emails (bookings, free-place
/// requests, subscribers, sign-ins) holds these rows, so the entity belongs to the whole storage layer.
/// </summary>
internal sealed class OutboxEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;
    public string RowKey { get; set; } = string.Empty;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Template { get; set; } = string.Empty;

    /// <summary>The row the template reads (e.g. the booking's row key), in the same partition.</summary>
    public string SubjectRowKey { get; set; } = string.Empty;

    public string Status { get; set; } = nameof(OutboxStatus.Pending);
    public DateTimeOffset CreatedUtc { get; set; }

    /// <summary>When the sweep should next re-enqueue this if it is still pending (its queue message may have been lost).</summary>
    public DateTimeOffset NextSweepUtc { get; set; }

    public int SweepCount { get; set; }
    public DateTimeOffset? ClaimedUntilUtc { get; set; }
    public DateTimeOffset? SentUtc { get; set; }
    public int FailedAttempts { get; set; }

    public OutboxStatus OutboxStatus => Enum.Parse<OutboxStatus>(Status);

    public static OutboxEntity Create(string partitionKey, string rowKey, string template, string subjectRowKey, DateTimeOffset now, TimeSpan firstSweepAfter) => new()
    {
        PartitionKey = partitionKey,
        RowKey = rowKey,
        Template = template,
        SubjectRowKey = subjectRowKey,
        CreatedUtc = now,
        NextSweepUtc = now + firstSweepAfter,
    };
}
