using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Outbox;

namespace HappyBabyHive.Storage.Outbox;

/// <summary>The sweep's view of the outbox rows: a filtered scan of every table that holds them, and ETag-guarded updates.</summary>
internal sealed class TableOutboxSweepStore(TableServiceClient tables, OutboxTables outboxTables) : IOutboxSweepStore
{
    public async IAsyncEnumerable<SweepCandidate> FindDueAsync(
        DateTimeOffset now, DateTimeOffset neverSweptWrittenBy, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var logical in outboxTables.LogicalNames)
        {
            var table = tables.GetTableClient(outboxTables.PhysicalName(logical));

            // A scan filtered by row-key range. At this business's size (a few thousand rows a year) that is a
            // fraction of a second every minute; a busier system would keep a separate index of owed emails.
            var filter = TableClient.CreateQueryFilter<OutboxEntity>(e =>
                e.RowKey.CompareTo(RowKeys.OutboxPrefix) >= 0 &&
                e.RowKey.CompareTo(RowKeys.PrefixEnd(RowKeys.OutboxPrefix)) < 0 &&
                (e.NextSweepUtc <= now || (e.SweepCount == 0 && e.CreatedUtc <= neverSweptWrittenBy)) &&
                (e.Status == nameof(OutboxStatus.Pending) || e.Status == nameof(OutboxStatus.Sending)));
            await foreach (var outbox in table.QueryAsync<OutboxEntity>(filter, cancellationToken: cancellationToken))
            {
                yield return new SweepCandidate(
                    new OutboxMessage(logical, outbox.PartitionKey, outbox.RowKey),
                    outbox.OutboxStatus,
                    outbox.SweepCount,
                    outbox.ClaimedUntilUtc,
                    outbox.ETag.ToString("G"));
            }
        }
    }

    public async Task<bool> RecordSweepAsync(SweepCandidate candidate, int sweepCount, DateTimeOffset nextSweepUtc, bool stuck, CancellationToken cancellationToken)
    {
        var message = candidate.Message;
        // A merge guarded by the ETag it was read with changes exactly these properties of exactly the row that was read.
        var sweep = new TableEntity(message.PartitionKey, message.RowKey)
        {
            [nameof(OutboxEntity.SweepCount)] = sweepCount,
            [nameof(OutboxEntity.NextSweepUtc)] = nextSweepUtc,
            [nameof(OutboxEntity.Status)] = (stuck ? OutboxStatus.Stuck : candidate.Status).ToString(),
        };
        try
        {
            await tables.GetTableClient(outboxTables.PhysicalName(message.Table))
                .UpdateEntityAsync(sweep, new ETag(candidate.Version), TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed())
        {
            return false;
        }
    }

    public async Task<bool> IsFinishedAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (!outboxTables.LogicalNames.Contains(message.Table))
        {
            return false;
        }

        try
        {
            var found = await tables.GetTableClient(outboxTables.PhysicalName(message.Table))
                .GetEntityIfExistsAsync<OutboxEntity>(message.PartitionKey, message.RowKey, cancellationToken: cancellationToken);
            return !found.HasValue || found.Value!.OutboxStatus is OutboxStatus.Sent or OutboxStatus.Skipped;
        }
        catch (RequestFailedException e) when (e.Status == StorageStatus.BadRequest)
        {
            return false; // Keys that are not valid table keys: leave it for a person.
        }
    }
}
