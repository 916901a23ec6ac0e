namespace HappyBabyHive.Outbox;

/// <summary>
/// The queue message for an owed email. It only points at the outbox row (logical table name, partition, row),
/// so no personal data ever sits in a queue, and the row is the single source of truth for whether it was sent.
/// </summary>
public sealed record OutboxMessage(string Table, string PartitionKey, string RowKey)
{
    public override string ToString() => $"{Table}/{PartitionKey}/{RowKey}";
}
