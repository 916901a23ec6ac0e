using Azure;
using Azure.Data.Tables;
using HappyBabyHive.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.WellbeingTips;

public enum FanOutResult
{
    /// <summary>Every confirmed subscriber has a queue message for the week.</summary>
    Completed,

    /// <summary>Nothing to do: an earlier run finished this week.</summary>
    AlreadyDone,

    /// <summary>The time budget ran out; a fresh queue message carries on from the checkpoint.</summary>
    Continued,

    /// <summary>Another delivery holds the week; this message comes back when that lease would have run out.</summary>
    Busy,
}

public interface ITipPublisher
{
    /// <summary>The Monday timer: when it is 08:00 in the UK, asks for this week's publication (a queue message).</summary>
    Task<PublishDecision> OnTimerAsync(bool isPastDue, CancellationToken cancellationToken);

    /// <summary>Publishes the week's tip (once, ever) and writes one queue message per confirmed subscriber, resumably.</summary>
    Task<FanOutResult> PublishAndFanOutAsync(IsoWeekId week, CancellationToken cancellationToken);

    /// <summary>The week's publication, inserted with Add if it does not exist yet (409: someone else did, read theirs).</summary>
    Task<TipPublicationEntity> EnsurePublishedAsync(IsoWeekId week, CancellationToken cancellationToken);
}

/// <summary>
/// Publishing and fan-out. The publication row is the single source of truth: inserted once per ISO week with Add,
/// then used as the fan-out's lease (ETag-guarded) and checkpoint (the last subscriber key written). Subscribers are
/// read a page at a time (never all in memory) and each page's messages are written in parallel while the next page
/// is being fetched; the checkpoint moves after each page, so a restart resumes where the last page ended. A message
/// written twice around a crash is harmless: the sender's per-week marker sends each subscriber one email.
/// </summary>
public sealed partial class TipPublisher(
    TableServiceClient tables,
    TipQueues queues,
    ITipLibrary library,
    IOptions<StorageOptions> storage,
    IOptions<WellbeingTipsOptions> options,
    TimeProvider time,
    ILogger<TipPublisher> logger) : ITipPublisher
{
    private TableClient Publications => tables.GetTableClient(storage.Value.TipPublicationsTable);

    private TableClient Subscribers => tables.GetTableClient(storage.Value.TipSubscribersTable);

    public async Task<PublishDecision> OnTimerAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var decision = TipSchedule.Decide(now, isPastDue);
        var week = TipSchedule.WeekOf(now);
        if (decision == PublishDecision.Skip)
        {
            LogNotNow(logger, week);
            return decision;
        }

        if (decision == PublishDecision.PublishLate)
        {
            LogLate(logger, week);
        }

        // The work itself runs from a queue message, so a crash anywhere is retried by the queue and resumes from the
        // checkpoint; a second firing only adds a second message, which finds the week published and stops.
        await queues.SendFanOutAsync(new TipFanOutMessage(week.ToString()), delay: null, cancellationToken);
        return decision;
    }

    public async Task<TipPublicationEntity> EnsurePublishedAsync(IsoWeekId week, CancellationToken cancellationToken)
    {
        var existing = await Publications.GetEntityIfExistsAsync<TipPublicationEntity>(TipPublicationEntity.Partition, week.DescendingKey, cancellationToken: cancellationToken);
        if (existing.HasValue)
        {
            return existing.Value!;
        }

        var (tip, cycle) = await NextTipAsync(cancellationToken);
        var publication = TipPublicationEntity.Create(week, tip, cycle, time.GetUtcNow());
        try
        {
            var added = await Publications.AddEntityAsync(publication, cancellationToken);
            publication.ETag = added.Headers.ETag ?? throw new InvalidOperationException("Table storage returned no ETag.");
            LogPublished(logger, week, tip.Id, cycle);
            return publication;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Published by a parallel firing a moment ago: theirs stands.
            LogAlreadyPublished(logger, week);
            return (await Publications.GetEntityAsync<TipPublicationEntity>(TipPublicationEntity.Partition, week.DescendingKey, cancellationToken: cancellationToken)).Value;
        }
    }

    private async Task<(Tip Tip, int Cycle)> NextTipAsync(CancellationToken cancellationToken)
    {
        // The newest publication is the first row (descending keys); its cycle is the one in progress.
        var cycle = 1;
        await foreach (var latest in Publications.QueryAsync<TableEntity>(
            p => p.PartitionKey == TipPublicationEntity.Partition, maxPerPage: 1, select: [nameof(TipPublicationEntity.Cycle)], cancellationToken: cancellationToken))
        {
            cycle = latest.GetInt32(nameof(TipPublicationEntity.Cycle)) ?? 1;
            break;
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in Publications.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {TipPublicationEntity.Partition} and Cycle eq {cycle}"),
            select: [nameof(TipPublicationEntity.TipId)], cancellationToken: cancellationToken))
        {
            used.Add(row.GetString(nameof(TipPublicationEntity.TipId)));
        }

        return TipRotation.Next(library.Tips, cycle, used);
    }

    public async Task<FanOutResult> PublishAndFanOutAsync(IsoWeekId week, CancellationToken cancellationToken)
    {
        var startedAt = time.GetTimestamp();
        var publication = await EnsurePublishedAsync(week, cancellationToken);
        if (publication.FanOutCompletedUtc is not null)
        {
            return FanOutResult.AlreadyDone;
        }

        var o = options.Value;
        var now = time.GetUtcNow();
        if (publication.FanOutLeaseUntilUtc > now)
        {
            return await ComeBackLaterAsync(week, publication.FanOutLeaseUntilUtc.Value - now, cancellationToken);
        }

        publication.FanOutLeaseUntilUtc = now + o.FanOutLease;
        publication.FanOutStartedUtc ??= now;
        if (await TrySaveAsync(publication, cancellationToken) is not { } etag)
        {
            return await ComeBackLaterAsync(week, o.FanOutLease, cancellationToken);
        }

        publication.ETag = etag;
        if (publication.FanOutEnqueued > 0)
        {
            LogResuming(logger, week, publication.FanOutEnqueued);
        }

        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey gt {publication.FanOutCheckpoint} and RowKey eq {SubscriberKeys.ProfileRow} and Status eq {nameof(SubscriberStatus.Confirmed)}");
        var pages = Subscribers
            .QueryAsync<TableEntity>(filter, maxPerPage: o.FanOutPageSize, select: ["PartitionKey"], cancellationToken: cancellationToken)
            .AsPages()
            .GetAsyncEnumerator(cancellationToken);

        // Up to FanOutParallelism writes are in flight at any moment, across page boundaries (no pause at the end of a
        // page), while the next page is already being fetched. A page's checkpoint is written once all its messages
        // are, oldest page first, so the checkpoint never passes a subscriber whose message might not exist.
        using var slots = new SemaphoreSlim(o.FanOutParallelism);
        var unconfirmed = new Queue<(Task Written, string LastKey, int Count)>();
        var scheduled = publication.FanOutEnqueued;
        var startedUtc = publication.FanOutStartedUtc.Value;
        Task<bool>? next = null;
        try
        {
            next = pages.MoveNextAsync().AsTask();
            while (await next)
            {
                var page = pages.Current;
                var keys = page.Values.Select(e => e.PartitionKey).ToList();
                var more = page.ContinuationToken is not null;
                next = more ? pages.MoveNextAsync().AsTask() : Task.FromResult(false);
                if (keys.Count == 0)
                {
                    continue;
                }

                var writes = new List<Task>(keys.Count);
                foreach (var key in keys)
                {
                    await slots.WaitAsync(cancellationToken);
                    writes.Add(EnqueueOneAsync(week, key, startedUtc, scheduled++, slots, cancellationToken));
                }

                unconfirmed.Enqueue((Task.WhenAll(writes), keys[^1], keys.Count));
                var outOfTime = more && time.GetElapsedTime(startedAt) > o.FanOutTimeBudget;
                while (unconfirmed.Count > (outOfTime ? 0 : 1))
                {
                    if (!await CheckpointAsync(publication, unconfirmed.Dequeue(), release: outOfTime && unconfirmed.Count == 0, cancellationToken))
                    {
                        // Our lease ran out and another delivery took over; it carries on from the last checkpoint.
                        LogLostLease(logger, week);
                        return FanOutResult.Busy;
                    }
                }

                if (outOfTime)
                {
                    await queues.SendFanOutAsync(new TipFanOutMessage(week.ToString()), delay: null, cancellationToken);
                    LogContinued(logger, week, publication.FanOutEnqueued);
                    return FanOutResult.Continued;
                }
            }

            while (unconfirmed.Count > 0)
            {
                if (!await CheckpointAsync(publication, unconfirmed.Dequeue(), release: false, cancellationToken))
                {
                    LogLostLease(logger, week);
                    return FanOutResult.Busy;
                }
            }
        }
        finally
        {
            await DrainAsync(next);
            foreach (var (written, _, _) in unconfirmed)
            {
                await DrainAsync(written);
            }

            await pages.DisposeAsync();
        }

        publication.FanOutCompletedUtc = time.GetUtcNow();
        publication.FanOutLeaseUntilUtc = null;
        if (await TrySaveAsync(publication, cancellationToken) is null)
        {
            return FanOutResult.Busy;
        }

        LogFannedOut(logger, week, publication.FanOutEnqueued);
        return FanOutResult.Completed;
    }

    private async Task EnqueueOneAsync(IsoWeekId week, string subscriber, DateTimeOffset startedUtc, int index, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            // The n-th email of the week becomes visible at start + n × interval, so sends keep to the provider's
            // allowance however long they take, and a resumed fan-out carries on the same timetable.
            var due = startedUtc + (options.Value.SendInterval * index);
            await queues.SendEmailAsync(new TipEmailMessage(week.ToString(), subscriber), due - time.GetUtcNow(), cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>Waits for a page's messages, then moves the checkpoint past it and renews (or releases) the lease.</summary>
    private async Task<bool> CheckpointAsync(TipPublicationEntity publication, (Task Written, string LastKey, int Count) page, bool release, CancellationToken cancellationToken)
    {
        await page.Written;
        publication.FanOutCheckpoint = page.LastKey;
        publication.FanOutEnqueued += page.Count;
        publication.FanOutLeaseUntilUtc = release ? null : time.GetUtcNow() + options.Value.FanOutLease;
        if (await TrySaveAsync(publication, cancellationToken) is not { } saved)
        {
            return false;
        }

        publication.ETag = saved;
        return true;
    }

    private async Task<ETag?> TrySaveAsync(TipPublicationEntity publication, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Publications.UpdateEntityAsync(publication, publication.ETag, TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return null;
        }
    }

    private async Task<FanOutResult> ComeBackLaterAsync(IsoWeekId week, TimeSpan wait, CancellationToken cancellationToken)
    {
        // Never drop the message while the week is unfinished: if the holder has died, this one takes over later.
        await queues.SendFanOutAsync(new TipFanOutMessage(week.ToString()), wait + TimeSpan.FromSeconds(1), cancellationToken);
        LogBusy(logger, week);
        return FanOutResult.Busy;
    }

    /// <summary>Waits for work still in flight when leaving early; its outcome no longer matters (the caller is already failing or done).</summary>
    private static async Task DrainAsync(Task? pending)
    {
        if (pending is not null)
        {
            await pending.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Tips timer: not 08:00 on a Monday in the UK, so week {Week} waits for the other firing")]
    private static partial void LogNotNow(ILogger logger, IsoWeekId week);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tips timer ran late (past due); publishing week {Week} now")]
    private static partial void LogLate(ILogger logger, IsoWeekId week);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published tip {TipId} for week {Week} (cycle {Cycle})")]
    private static partial void LogPublished(ILogger logger, IsoWeekId week, string tipId, int cycle);

    [LoggerMessage(Level = LogLevel.Information, Message = "Week {Week} was already published")]
    private static partial void LogAlreadyPublished(ILogger logger, IsoWeekId week);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resuming fan-out of week {Week} after {Enqueued} messages")]
    private static partial void LogResuming(ILogger logger, IsoWeekId week, int enqueued);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fan-out of week {Week} paused after {Enqueued} messages; a new message continues it")]
    private static partial void LogContinued(ILogger logger, IsoWeekId week, int enqueued);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fan-out of week {Week} complete: {Enqueued} messages")]
    private static partial void LogFannedOut(ILogger logger, IsoWeekId week, int enqueued);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fan-out of week {Week} is held by another delivery; checking back later")]
    private static partial void LogBusy(ILogger logger, IsoWeekId week);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fan-out of week {Week} lost its lease to another delivery; stopping here")]
    private static partial void LogLostLease(ILogger logger, IsoWeekId week);
}
