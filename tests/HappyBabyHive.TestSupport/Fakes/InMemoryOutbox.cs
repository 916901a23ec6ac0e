using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using HappyBabyHive.Outbox;

namespace HappyBabyHive.TestSupport.Fakes;

/// <summary>
/// The outbox rows as the sweep sees them, in memory: what <see cref="IOutboxSweepStore"/> promises (the same "due"
/// rule, version-guarded writes), so a service can be tested without tables. A test writes rows with <see cref="Owe"/>
/// and changes them behind the sweep's back with <see cref="Change"/>.
/// </summary>
public sealed class InMemoryOutboxSweepStore : IOutboxSweepStore
{
    private readonly ConcurrentDictionary<OutboxMessage, OwedRow> rows = new();
    private long versions;

    /// <summary>One owed email as stored.</summary>
    public sealed record OwedRow(
        OutboxStatus Status, DateTimeOffset CreatedUtc, DateTimeOffset NextSweepUtc, int SweepCount, DateTimeOffset? ClaimedUntilUtc, string Version);

    public IReadOnlyDictionary<OutboxMessage, OwedRow> Rows => rows;

    /// <summary>Writes an owed email as its writer would: Pending, first swept after <paramref name="grace"/>.</summary>
    public OutboxMessage Owe(OutboxMessage message, DateTimeOffset createdUtc, TimeSpan grace)
    {
        rows[message] = new OwedRow(OutboxStatus.Pending, createdUtc, createdUtc + grace, 0, null, NextVersion());
        return message;
    }

    /// <summary>Another writer changes the row (a delivery claims or sends it): its version moves on.</summary>
    public void Change(OutboxMessage message, Func<OwedRow, OwedRow> change) =>
        rows[message] = change(rows[message]) with { Version = NextVersion() };

    public async IAsyncEnumerable<SweepCandidate> FindDueAsync(
        DateTimeOffset now, DateTimeOffset neverSweptWrittenBy, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A snapshot, as a table query returns rows as they were when read.
        foreach (var (message, row) in rows.OrderBy(r => r.Key.ToString(), StringComparer.Ordinal).ToList())
        {
            await Task.Yield();
            if (row.Status is OutboxStatus.Pending or OutboxStatus.Sending
                && (row.NextSweepUtc <= now || (row.SweepCount == 0 && row.CreatedUtc <= neverSweptWrittenBy)))
            {
                yield return new SweepCandidate(message, row.Status, row.SweepCount, row.ClaimedUntilUtc, row.Version);
            }
        }
    }

    public Task<bool> RecordSweepAsync(SweepCandidate candidate, int sweepCount, DateTimeOffset nextSweepUtc, bool stuck, CancellationToken cancellationToken)
    {
        if (!rows.TryGetValue(candidate.Message, out var row) || row.Version != candidate.Version)
        {
            return Task.FromResult(false);
        }

        var swept = row with { SweepCount = sweepCount, NextSweepUtc = nextSweepUtc, Status = stuck ? OutboxStatus.Stuck : row.Status, Version = NextVersion() };
        return Task.FromResult(rows.TryUpdate(candidate.Message, swept, row));
    }

    public Task<bool> IsFinishedAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        Task.FromResult(!rows.TryGetValue(message, out var row) || row.Status is OutboxStatus.Sent or OutboxStatus.Skipped);

    private string NextVersion() => Interlocked.Increment(ref versions).ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>The email queues' poison messages in memory: a test adds what failed every delivery and sees what the sweep cleared.</summary>
public sealed class InMemoryEmailPoisonQueues : IEmailPoisonQueues
{
    private readonly List<(string Id, OutboxMessage? Pointer)> messages = [];

    /// <summary>The ids still on the poison queues.</summary>
    public IReadOnlyList<string> Remaining => [.. messages.Select(m => m.Id)];

    /// <summary>Adds a poison message; null stands for a body that is not an outbox pointer.</summary>
    public string Add(OutboxMessage? outboxMessage)
    {
        var id = Guid.NewGuid().ToString("N");
        messages.Add((id, outboxMessage));
        return id;
    }

    public async Task<IReadOnlyList<string>> ClearAsync(Func<OutboxMessage, CancellationToken, Task<bool>> isFinished, CancellationToken cancellationToken)
    {
        var cleared = new List<string>();
        foreach (var (id, pointer) in messages.ToList())
        {
            if (pointer is not null && await isFinished(pointer, cancellationToken))
            {
                messages.RemoveAll(m => m.Id == id);
                cleared.Add(id);
            }
        }

        return cleared;
    }
}

/// <summary>Records every enqueue instead of writing to a queue; <see cref="Broken"/> makes it fail as a queue outage would.</summary>
public sealed class RecordingEmailEnqueuer : IEmailEnqueuer
{
    private readonly ConcurrentQueue<(OutboxMessage Message, TimeSpan? Delay)> sent = new();

    public IReadOnlyList<(OutboxMessage Message, TimeSpan? Delay)> Sent => [.. sent];

    public bool Broken { get; set; }

    public Task EnqueueAsync(OutboxMessage message, TimeSpan? visibilityDelay, CancellationToken cancellationToken)
    {
        if (Broken)
        {
            throw new HttpRequestException("Queue unavailable (simulated)");
        }

        sent.Enqueue((message, visibilityDelay));
        return Task.CompletedTask;
    }
}
