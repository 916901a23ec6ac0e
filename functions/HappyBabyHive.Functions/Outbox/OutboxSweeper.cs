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
/// Safe to run twice at once, late, or overlapping: each re-enqueue is a version-guarded update of the outbox row.
/// </summary>
public sealed partial class OutboxSweeper(
    IOutboxSweepStore store,
    IEmailPoisonQueues poison,
    IEmailEnqueuer queue,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxSweeper> logger) : IOutboxSweeper
{
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var enqueued = await RequeueOwedAsync(cancellationToken);
        foreach (var cleared in await poison.ClearAsync(store.IsFinishedAsync, cancellationToken))
        {
            LogPoisonCleared(logger, cleared);
        }

        return enqueued;
    }

    private async Task<int> RequeueOwedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var enqueued = 0;
        await foreach (var owed in store.FindDueAsync(now, now - options.Value.FirstSweepAfter, cancellationToken))
        {
            if (owed.Status == OutboxStatus.Sending && owed.ClaimedUntilUtc > now)
            {
                continue;
            }

            if (await RequeueAsync(owed, now, cancellationToken))
            {
                enqueued++;
            }
        }

        return enqueued;
    }

    private async Task<bool> RequeueAsync(SweepCandidate owed, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var giveUp = owed.SweepCount >= options.Value.MaxSweeps;
        var sweepCount = owed.SweepCount + 1;
        var nextSweep = now + (options.Value.SweepBackoff * Math.Pow(2, Math.Min(sweepCount - 1, 8)));

        // Record the sweep before enqueueing: if enqueueing fails, the next sweep simply tries again.
        if (!await store.RecordSweepAsync(owed, sweepCount, nextSweep, stuck: giveUp, cancellationToken))
        {
            return false; // It changed under us (probably just sent); leave it to the next sweep.
        }

        if (giveUp)
        {
            LogStuck(logger, owed.Message, owed.SweepCount);
            return false;
        }

        await queue.EnqueueAsync(owed.Message, visibilityDelay: null, cancellationToken);
        LogRequeued(logger, owed.Message, sweepCount);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleared poison message {MessageId}: its email has been sent since")]
    private static partial void LogPoisonCleared(ILogger logger, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Re-enqueued owed email {Outbox} (sweep {SweepCount})")]
    private static partial void LogRequeued(ILogger logger, OutboxMessage outbox, int sweepCount);

    // Alerts match this event (and the words "needs a person"): keep both. The outbox id names a row, never a person.
    [LoggerMessage(EventId = AlertEvents.EmailNeedsAPersonId, EventName = AlertEvents.EmailNeedsAPerson, Level = LogLevel.Error, Message = "Email {Outbox} is still unsent after {SweepCount} sweeps and needs a person to look at it")]
    private static partial void LogStuck(ILogger logger, OutboxMessage outbox, int sweepCount);
}
