using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
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
/// Then it clears poison messages whose email has since been sent, so the poison queue holds only what needs a person.
/// Safe to run twice at once, late, or overlapping: each re-enqueue is an ETag-guarded update of the outbox row.
/// </summary>
public sealed partial class OutboxSweeper(
    TableServiceClient tables,
    QueueServiceClient queues,
    OutboxTables outboxTables,
    IEmailEnqueuer queue,
    IOptions<OutboxOptions> options,
    IOptions<StorageOptions> storage,
    TimeProvider time,
    ILogger<OutboxSweeper> logger) : IOutboxSweeper
{
    // Long enough for this sweep to look at a message; short enough that an owed one is soon visible to the next.
    private static readonly TimeSpan PoisonPeek = TimeSpan.FromSeconds(30);

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var enqueued = await RequeueOwedAsync(cancellationToken);
        await ClearDeliveredPoisonAsync(cancellationToken);
        return enqueued;
    }

    private async Task<int> RequeueOwedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var firstDue = now - options.Value.FirstSweepAfter;
        var enqueued = 0;
        foreach (var logical in outboxTables.LogicalNames)
        {
            var table = tables.GetTableClient(outboxTables.PhysicalName(logical));

            // A scan filtered by row-key range. At this business's size (a few thousand rows a year) that is a
            // fraction of a second every five minutes; a busier system would keep a separate index of owed emails.
            var filter = TableClient.CreateQueryFilter<OutboxEntity>(e =>
                e.RowKey.CompareTo(RowKeys.OutboxPrefix) >= 0 &&
                e.RowKey.CompareTo(RowKeys.PrefixEnd(RowKeys.OutboxPrefix)) < 0 &&
                (e.NextSweepUtc <= now || (e.SweepCount == 0 && e.CreatedUtc <= firstDue)) &&
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

    /// <summary>
    /// Deletes poison messages whose outbox row is sent, skipped or gone. Owed ones stay (the table row, not the poison
    /// copy, is what the sweep re-enqueues), and so do unreadable ones: a person should see them; they expire with the
    /// queue's time-to-live (7 days).
    /// </summary>
    private async Task ClearDeliveredPoisonAsync(CancellationToken cancellationToken)
    {
        foreach (var queueName in new[] { storage.Value.EmailQueue, storage.Value.OwnerEmailQueue })
        {
            await ClearDeliveredPoisonAsync(queues.GetQueueClient(queueName + QueueNames.PoisonSuffix), cancellationToken);
        }
    }

    private async Task ClearDeliveredPoisonAsync(QueueClient poison, CancellationToken cancellationToken)
    {
        if (!await poison.ExistsAsync(cancellationToken))
        {
            return;
        }

        // Received messages stay hidden for the rest of this pass, so each is looked at once; those kept are made
        // visible again at the end (or by themselves after PoisonPeek if this sweep dies first).
        var kept = new List<(string Id, string PopReceipt)>();
        while (true)
        {
            var batch = (await poison.ReceiveMessagesAsync(32, PoisonPeek, cancellationToken)).Value;
            if (batch.Length == 0)
            {
                break;
            }

            foreach (var message in batch)
            {
                if (await IsFinishedAsync(message.Body, cancellationToken))
                {
                    await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                    LogPoisonCleared(logger, message.MessageId);
                }
                else
                {
                    kept.Add((message.MessageId, message.PopReceipt));
                }
            }
        }

        foreach (var (id, popReceipt) in kept)
        {
            await poison.UpdateMessageAsync(id, popReceipt, (BinaryData?)null, TimeSpan.Zero, cancellationToken);
        }
    }

    private async Task<bool> IsFinishedAsync(BinaryData body, CancellationToken cancellationToken)
    {
        OutboxMessage message;
        try
        {
            message = OutboxMessage.Read(body);
        }
        catch (InvalidOutboxMessageException)
        {
            return false;
        }

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
        catch (RequestFailedException e) when (e.Status == 400)
        {
            return false; // Keys that are not valid table keys: leave it for a person.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleared poison message {MessageId}: its email has been sent since")]
    private static partial void LogPoisonCleared(ILogger logger, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-enqueued owed email {Outbox} (sweep {SweepCount})")]
    private static partial void LogRequeued(ILogger logger, OutboxMessage outbox, int sweepCount);

    // Alerts match this event (and the words "needs a person"): keep both. The outbox id names a row, never a person.
    [LoggerMessage(EventId = AlertEvents.EmailNeedsAPersonId, EventName = AlertEvents.EmailNeedsAPerson, Level = LogLevel.Error, Message = "Email {Outbox} is still unsent after {SweepCount} sweeps and needs a person to look at it")]
    private static partial void LogStuck(ILogger logger, OutboxMessage outbox, int sweepCount);
}
