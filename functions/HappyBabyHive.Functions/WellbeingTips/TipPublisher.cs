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

/// <summary>What the owner's "publish now" came to.</summary>
public abstract record PublishNowOutcome(PublishedWeek Week)
{
    /// <summary>This week's tip is published now and its emails are on their way.</summary>
    public sealed record Published(PublishedWeek Week) : PublishNowOutcome(Week);

    /// <summary>This week's tip was published before (by Monday's timer or an earlier "publish now"): nothing was changed or sent.</summary>
    public sealed record AlreadyPublished(PublishedWeek Week) : PublishNowOutcome(Week);
}

/// <summary>What the owner sees before publishing: this week's publication (if any) and the tip that would go out next.</summary>
/// <param name="ThisWeek">The current ISO week (by UK date).</param>
/// <param name="Published">This week's publication, or null when it hasn't gone out yet.</param>
/// <param name="Next">The tip that goes out next: this week's if unpublished, otherwise next week's.</param>
/// <param name="NextWeek">The week <paramref name="Next"/> is for.</param>
public sealed record TipPreview(IsoWeekId ThisWeek, PublishedWeek? Published, Tip Next, IsoWeekId NextWeek);

public interface ITipPublisher
{
    /// <summary>This week's publication (if any) and the next tip in the rotation, for the owner to read before it goes out.</summary>
    Task<TipPreview> PreviewAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The owner's "publish now": publishes this week's tip (the next in the rotation) and asks for its emails, unless
    /// this week's was published already. Still once per ISO week, whoever asks first: the timer, the console or a script.
    /// </summary>
    Task<PublishNowOutcome> PublishNowAsync(CancellationToken cancellationToken);

    /// <summary>The Monday timer: when it is 08:00 in the UK, asks for this week's publication (a queue message).</summary>
    Task<PublishDecision> OnTimerAsync(bool isPastDue, CancellationToken cancellationToken);

    /// <summary>Publishes the week's tip (once, ever) and writes one queue message per confirmed subscriber, resumably.</summary>
    Task<FanOutResult> PublishAndFanOutAsync(IsoWeekId week, CancellationToken cancellationToken);

    /// <summary>The week's publication, inserted with Add if it does not exist yet (409: someone else did, read theirs).</summary>
    Task<PublishedWeek> EnsurePublishedAsync(IsoWeekId week, CancellationToken cancellationToken);
}

/// <summary>
/// Publishing and fan-out. The publication row is the single source of truth: inserted once per ISO week with Add,
/// then used as the fan-out's lease (version-guarded) and checkpoint (the last subscriber key written). Subscribers are
/// read a page at a time (never all in memory) and each page's messages are written in parallel while the next page
/// is being fetched; the checkpoint moves after each page, so a restart resumes where the last page ended. A message
/// written twice around a crash is harmless: the sender's per-week marker sends each subscriber one email.
/// </summary>
public sealed partial class TipPublisher(
    ITipPublications publications,
    ISubscriberStore subscribers,
    ITipQueues queues,
    ITipLibrary library,
    IOptions<WellbeingTipsOptions> options,
    TimeProvider time,
    ILogger<TipPublisher> logger) : ITipPublisher
{
    /// <summary>How far ahead "publish now" asks for the fan-out: enough for its own publication to land first.</summary>
    public static readonly TimeSpan PublishNowFanOutDelay = TimeSpan.FromSeconds(5);

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

    public async Task<TipPreview> PreviewAsync(CancellationToken cancellationToken)
    {
        var week = TipSchedule.WeekOf(time.GetUtcNow());
        var published = await publications.FindAsync(week, cancellationToken);

        // Once this week's is out, the rotation already counts it, so "next" is next week's.
        var (next, _) = await NextTipAsync(cancellationToken);
        return new TipPreview(week, published, next, published is null ? week : IsoWeekId.Of(week.Monday.AddDays(7)));
    }

    public async Task<PublishNowOutcome> PublishNowAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var week = TipSchedule.WeekOf(now);
        var existing = await publications.FindAsync(week, cancellationToken);
        if (existing is null)
        {
            // The fan-out is asked for first, a few seconds ahead, then the week is published: a crash in between
            // still sends the tip (the fan-out publishes the week itself when it has to), and a refusal below (someone
            // published first) has changed nothing, since a fan-out message for a published week only finds it done.
            await queues.SendFanOutAsync(new TipFanOutMessage(week.ToString()), PublishNowFanOutDelay, cancellationToken);
            var (tip, cycle) = await NextTipAsync(cancellationToken);
            if (await publications.TryAddAsync(week, TipPublication.Create(week, tip, cycle, now), cancellationToken) is { } added)
            {
                LogPublishedNow(logger, week, tip.Id);
                return new PublishNowOutcome.Published(added);
            }

            // Published a moment ago by another request or the timer: theirs stands, and this one says so.
            existing = await publications.FindAsync(week, cancellationToken)
                ?? throw new InvalidOperationException($"Week {week} was published and then disappeared.");
        }

        LogAlreadyPublished(logger, week);
        return new PublishNowOutcome.AlreadyPublished(existing);
    }

    public async Task<PublishedWeek> EnsurePublishedAsync(IsoWeekId week, CancellationToken cancellationToken)
    {
        if (await publications.FindAsync(week, cancellationToken) is { } existing)
        {
            return existing;
        }

        var (tip, cycle) = await NextTipAsync(cancellationToken);
        if (await publications.TryAddAsync(week, TipPublication.Create(week, tip, cycle, time.GetUtcNow()), cancellationToken) is { } added)
        {
            LogPublished(logger, week, tip.Id, cycle);
            return added;
        }

        // Published by a parallel firing a moment ago: theirs stands.
        LogAlreadyPublished(logger, week);
        return await publications.FindAsync(week, cancellationToken)
            ?? throw new InvalidOperationException($"Week {week} was published and then disappeared.");
    }

    private async Task<(Tip Tip, int Cycle)> NextTipAsync(CancellationToken cancellationToken)
    {
        var cycle = await publications.CurrentCycleAsync(cancellationToken);
        var used = await publications.TipsPublishedInCycleAsync(cycle, cancellationToken);
        return TipRotation.Next(library.Tips, cycle, used);
    }

    public async Task<FanOutResult> PublishAndFanOutAsync(IsoWeekId week, CancellationToken cancellationToken)
    {
        var startedAt = time.GetTimestamp();
        var publication = await EnsurePublishedAsync(week, cancellationToken);
        if (publication.FanOut.CompletedUtc is not null)
        {
            return FanOutResult.AlreadyDone;
        }

        var o = options.Value;
        var now = time.GetUtcNow();
        if (publication.FanOut.LeaseUntilUtc > now)
        {
            return await ComeBackLaterAsync(week, publication.FanOut.LeaseUntilUtc.Value - now, cancellationToken);
        }

        var leased = publication.FanOut with { LeaseUntilUtc = now + o.FanOutLease, StartedUtc = publication.FanOut.StartedUtc ?? now };
        if (await publications.TrySaveFanOutAsync(publication, leased, cancellationToken) is not { } held)
        {
            return await ComeBackLaterAsync(week, o.FanOutLease, cancellationToken);
        }

        publication = held;
        if (publication.FanOut.Enqueued > 0)
        {
            LogResuming(logger, week, publication.FanOut.Enqueued);
        }

        var pages = subscribers
            .ConfirmedAfterAsync(publication.FanOut.Checkpoint, o.FanOutPageSize, cancellationToken)
            .GetAsyncEnumerator(cancellationToken);

        // Up to FanOutParallelism writes are in flight at any moment, across page boundaries (no pause at the end of a
        // page), while the next page is already being fetched. A page's checkpoint is written once all its messages
        // are, oldest page first, so the checkpoint never passes a subscriber whose message might not exist.
        using var slots = new SemaphoreSlim(o.FanOutParallelism);
        var unconfirmed = new Queue<(Task Written, string LastKey, int Count)>();
        var scheduled = publication.FanOut.Enqueued;
        var startedUtc = publication.FanOut.StartedUtc!.Value;
        Task<bool>? next = null;
        try
        {
            next = pages.MoveNextAsync().AsTask();
            while (await next)
            {
                var (keys, more) = pages.Current;
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
                    if (await CheckpointAsync(publication, unconfirmed.Dequeue(), release: outOfTime && unconfirmed.Count == 0, cancellationToken) is not { } saved)
                    {
                        // Our lease ran out and another delivery took over; it carries on from the last checkpoint.
                        LogLostLease(logger, week);
                        return FanOutResult.Busy;
                    }

                    publication = saved;
                }

                if (outOfTime)
                {
                    await queues.SendFanOutAsync(new TipFanOutMessage(week.ToString()), delay: null, cancellationToken);
                    LogContinued(logger, week, publication.FanOut.Enqueued);
                    return FanOutResult.Continued;
                }
            }

            while (unconfirmed.Count > 0)
            {
                if (await CheckpointAsync(publication, unconfirmed.Dequeue(), release: false, cancellationToken) is not { } saved)
                {
                    LogLostLease(logger, week);
                    return FanOutResult.Busy;
                }

                publication = saved;
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

        var completed = publication.FanOut with { CompletedUtc = time.GetUtcNow(), LeaseUntilUtc = null };
        if (await publications.TrySaveFanOutAsync(publication, completed, cancellationToken) is null)
        {
            return FanOutResult.Busy;
        }

        LogFannedOut(logger, week, completed.Enqueued);
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

    /// <summary>
    /// Waits for a page's messages, then moves the checkpoint past it and renews (or releases) the lease. Null when
    /// the lease was lost (another delivery changed the publication since).
    /// </summary>
    private async Task<PublishedWeek?> CheckpointAsync(PublishedWeek publication, (Task Written, string LastKey, int Count) page, bool release, CancellationToken cancellationToken)
    {
        await page.Written;
        var progress = publication.FanOut with
        {
            Checkpoint = page.LastKey,
            Enqueued = publication.FanOut.Enqueued + page.Count,
            LeaseUntilUtc = release ? null : time.GetUtcNow() + options.Value.FanOutLease,
        };
        return await publications.TrySaveFanOutAsync(publication, progress, cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Published tip {TipId} for week {Week} on the owner's request")]
    private static partial void LogPublishedNow(ILogger logger, IsoWeekId week, string tipId);

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
