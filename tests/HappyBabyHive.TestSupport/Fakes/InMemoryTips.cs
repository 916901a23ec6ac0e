using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;
using HappyBabyHive.WellbeingTips;

namespace HappyBabyHive.TestSupport.Fakes;

/// <summary>
/// The tips subscribers in memory, keeping what <see cref="ISubscriberStore"/> promises: a save is all or nothing and
/// is refused when the subscriber changed since it was read. <see cref="LoseNextSaves"/> makes the next saves lose a
/// race, as a parallel request for the same address would.
/// </summary>
public sealed class InMemorySubscriberStore : ISubscriberStore
{
    private readonly ConcurrentDictionary<string, Subscriber> subscribers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Key, string Event, DateTimeOffset At, string ConsentId)> events = new();
    private readonly ConcurrentQueue<OutboxMessage> owed = new();
    private long versions;

    public IReadOnlyDictionary<string, Subscriber> Subscribers => subscribers;

    /// <summary>Every consent event written, oldest first.</summary>
    public IReadOnlyList<(string Key, string Event, DateTimeOffset At, string ConsentId)> ConsentEvents => [.. events];

    /// <summary>Every confirm email owed (the outbox rows written).</summary>
    public IReadOnlyList<OutboxMessage> OwedEmails => [.. owed];

    public int LoseNextSaves { get; set; }

    /// <summary>Stores a subscriber as if an earlier request had (a fresh version).</summary>
    public Subscriber Put(Subscriber subscriber) => subscribers[subscriber.Key] = subscriber with { Version = NextVersion() };

    public Task<Subscriber?> FindAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(subscribers.TryGetValue(key, out var found) ? found : null);

    /// <summary>Forwarding rows as the re-key job leaves them: forward key (<see cref="SubscriberKeys.ForwardFrom"/>) → new key.</summary>
    public ConcurrentDictionary<string, string> Moves { get; } = new(StringComparer.Ordinal);

    public Task<string?> FindMovedToAsync(string forwardKey, CancellationToken cancellationToken) =>
        Task.FromResult(Moves.TryGetValue(forwardKey, out var to) ? to : null);

    public Task<SubscriberSaved?> SaveAsync(Subscriber subscriber, string consentEvent, DateTimeOffset at, TimeSpan? confirmEmailGrace, CancellationToken cancellationToken)
    {
        lock (subscribers)
        {
            subscribers.TryGetValue(subscriber.Key, out var stored);
            if (LoseNextSaves > 0 || stored?.Version != subscriber.Version)
            {
                LoseNextSaves = Math.Max(0, LoseNextSaves - 1);
                return Task.FromResult<SubscriberSaved?>(null);
            }

            subscribers[subscriber.Key] = subscriber with { Version = NextVersion() };
            events.Enqueue((subscriber.Key, consentEvent, at, subscriber.ConsentId));
            OutboxMessage? email = null;
            if (confirmEmailGrace is not null)
            {
                email = new OutboxMessage(TableNames.TipSubscribers, subscriber.Key, $"outbox|{at.UtcTicks:D19}|{EmailTemplates.TipsConfirm}");
                owed.Enqueue(email);
            }

            return Task.FromResult<SubscriberSaved?>(new SubscriberSaved(email));
        }
    }

    public async IAsyncEnumerable<SubscriberKeyPage> ConfirmedAfterAsync(string afterKey, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var keys = subscribers.Values
            .Where(s => s.Status == SubscriberStatus.Confirmed && string.CompareOrdinal(s.Key, afterKey) > 0)
            .Select(s => s.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
        for (var start = 0; start < keys.Count; start += pageSize)
        {
            await Task.Yield();
            yield return new SubscriberKeyPage(keys.Skip(start).Take(pageSize).ToList(), start + pageSize < keys.Count);
        }
    }

    private string NextVersion() => Interlocked.Increment(ref versions).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Records the tips queues' messages instead of writing them.</summary>
public sealed class RecordingTipQueues : ITipQueues
{
    private readonly ConcurrentQueue<(TipFanOutMessage Message, TimeSpan? Delay)> fanOut = new();
    private readonly ConcurrentQueue<(TipEmailMessage Message, TimeSpan? Delay)> emails = new();

    public IReadOnlyList<(TipFanOutMessage Message, TimeSpan? Delay)> FanOut => [.. fanOut];

    public IReadOnlyList<(TipEmailMessage Message, TimeSpan? Delay)> Emails => [.. emails];

    public Task SendFanOutAsync(TipFanOutMessage message, TimeSpan? delay, CancellationToken cancellationToken)
    {
        fanOut.Enqueue((message, delay));
        return Task.CompletedTask;
    }

    public Task SendEmailAsync(TipEmailMessage message, TimeSpan? delay, CancellationToken cancellationToken)
    {
        emails.Enqueue((message, delay));
        return Task.CompletedTask;
    }
}

/// <summary>The published weeks in memory, with the store's promises: a week is added once, and progress saves are version-guarded.</summary>
public sealed class InMemoryTipPublications : ITipPublications
{
    private readonly ConcurrentDictionary<IsoWeekId, PublishedWeek> weeks = new();
    private long versions;

    public IReadOnlyDictionary<IsoWeekId, PublishedWeek> Weeks => weeks;

    public Task<PublishedWeek?> FindAsync(IsoWeekId week, CancellationToken cancellationToken) =>
        Task.FromResult(weeks.TryGetValue(week, out var found) ? found : null);

    public Task<PublishedWeek?> TryAddAsync(IsoWeekId week, TipPublication tip, CancellationToken cancellationToken)
    {
        var added = new PublishedWeek(week, tip, new FanOutProgress(), NextVersion());
        return Task.FromResult(weeks.TryAdd(week, added) ? added : null);
    }

    public Task<int> CurrentCycleAsync(CancellationToken cancellationToken) =>
        Task.FromResult(weeks.Values.OrderByDescending(w => w.Week.Year).ThenByDescending(w => w.Week.Week).FirstOrDefault()?.Tip.Cycle ?? 1);

    public Task<IReadOnlySet<string>> TipsPublishedInCycleAsync(int cycle, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlySet<string>>(weeks.Values.Where(w => w.Tip.Cycle == cycle).Select(w => w.Tip.TipId).ToHashSet(StringComparer.Ordinal));

    public Task<PublishedWeek?> TrySaveFanOutAsync(PublishedWeek week, FanOutProgress progress, CancellationToken cancellationToken)
    {
        var saved = week with { FanOut = progress, Version = NextVersion() };
        return Task.FromResult(weeks.TryGetValue(week.Week, out var stored) && stored.Version == week.Version && weeks.TryUpdate(week.Week, saved, stored) ? saved : null);
    }

    public Task<TipPublicationPage?> ListAsync(int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        var skip = 0;
        if (continuation is not null && !int.TryParse(continuation, System.Globalization.CultureInfo.InvariantCulture, out skip))
        {
            return Task.FromResult<TipPublicationPage?>(null);
        }

        var newestFirst = weeks.Values.OrderByDescending(w => w.Week.Year).ThenByDescending(w => w.Week.Week).Select(w => w.Tip).ToList();
        var page = newestFirst.Skip(skip).Take(pageSize).ToList();
        var next = skip + pageSize < newestFirst.Count ? (skip + pageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return Task.FromResult<TipPublicationPage?>(new TipPublicationPage(page, next));
    }

    private string NextVersion() => Interlocked.Increment(ref versions).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
