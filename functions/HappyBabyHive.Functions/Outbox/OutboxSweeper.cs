using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Storage;
using HappyBabyHive.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Outbox;

public interface IOutboxSweeper
{
    /// <summary>Re-enqueues owed emails that are due; returns how many were enqueued.</summary>
    Task<int> SweepAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Finds emails still owed whose queue message may have been lost (a crash between storing and enqueueing, or a
/// message that went to the poison queue) and enqueues them again, backing off each time, until a limit flags them.
/// </summary>
public sealed partial class OutboxSweeper(
    TableServiceClient tables,
    OutboxTables outboxTables,
    IEmailEnqueuer queue,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxSweeper> logger) : IOutboxSweeper
{
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var enqueued = 0;
        foreach (var logical in outboxTables.LogicalNames)
        {
            var table = tables.GetTableClient(outboxTables.PhysicalName(logical));

            // A scan filtered by row-key range. At this business's size (a few thousand rows a year) that is a
            // fraction of a second every five minutes; a busier system would keep a separate index of owed emails.
            var filter = TableClient.CreateQueryFilter<OutboxEntity>(e =>
                e.RowKey.CompareTo(RowKeys.OutboxPrefix) >= 0 &&
                e.RowKey.CompareTo(RowKeys.PrefixEnd(RowKeys.OutboxPrefix)) < 0 &&
                e.NextSweepUtc <= now &&
                (e.Status == nameof(OutboxStatus.Pending) || e.Status == nameof(OutboxStatus.Sending)));
            await foreach (var outbox in table.QueryAsync<OutboxEntity>(filter, cancellationToken: cancellationToken))
            {
                if (outbox.OutboxStatus == OutboxStatus.Sending && outbox.ClaimedUntilUtc > now)
                {
                    continue;
                }

                if (await RequeueAsync(table, logical, outbox, now, cancellationToken))
                {
                    enqueued++;
                }
            }
        }

        return enqueued;
    }

    private async Task<bool> RequeueAsync(TableClient table, string logical, OutboxEntity outbox, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var message = new OutboxMessage(logical, outbox.PartitionKey, outbox.RowKey);
        var giveUp = outbox.SweepCount >= options.Value.MaxSweeps;
        outbox.SweepCount++;
        outbox.NextSweepUtc = now + (options.Value.SweepBackoff * Math.Pow(2, Math.Min(outbox.SweepCount - 1, 8)));
        outbox.Status = giveUp ? nameof(OutboxStatus.Stuck) : outbox.Status;
        try
        {
            // Record the sweep before enqueueing: if enqueueing fails, the next sweep simply tries again.
            await table.UpdateEntityAsync(outbox, outbox.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false; // It changed under us (probably just sent); leave it to the next sweep.
        }

        if (giveUp)
        {
            LogStuck(logger, message, outbox.SweepCount - 1);
            return false;
        }

        await queue.EnqueueAsync(message, visibilityDelay: null, cancellationToken);
        LogRequeued(logger, message, outbox.SweepCount);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-enqueued owed email {Outbox} (sweep {SweepCount})")]
    private static partial void LogRequeued(ILogger logger, OutboxMessage outbox, int sweepCount);

    // Alerts match this event (and the words "needs a person"): keep both. The outbox id names a row, never a person.
    [LoggerMessage(EventId = AlertEvents.EmailNeedsAPersonId, EventName = AlertEvents.EmailNeedsAPerson, Level = LogLevel.Error, Message = "Email {Outbox} is still unsent after {SweepCount} sweeps and needs a person to look at it")]
    private static partial void LogStuck(ILogger logger, OutboxMessage outbox, int sweepCount);
}
