namespace HappyBabyHive.Outbox;

/// <summary>
/// An owed email the sweep found due, as it was when read. <paramref name="Version"/> is the store's opaque version
/// of the row, so recording the sweep fails if the row changed since (probably just sent).
/// </summary>
public sealed record SweepCandidate(OutboxMessage Message, OutboxStatus Status, int SweepCount, DateTimeOffset? ClaimedUntilUtc, string Version);

/// <summary>The outbox rows as the sweep sees them, in every table that owes emails.</summary>
public interface IOutboxSweepStore
{
    /// <summary>
    /// Owed emails (Pending or Sending) whose next sweep is due at <paramref name="now"/>, and those never swept that
    /// were written at or before <paramref name="neverSweptWrittenBy"/>, whatever grace their writer gave them.
    /// </summary>
    IAsyncEnumerable<SweepCandidate> FindDueAsync(DateTimeOffset now, DateTimeOffset neverSweptWrittenBy, CancellationToken cancellationToken);

    /// <summary>
    /// Records a sweep of <paramref name="candidate"/>: its new sweep count, when it is next due, and whether it is now
    /// <see cref="OutboxStatus.Stuck"/>. False (nothing written) when the row changed since it was read.
    /// </summary>
    Task<bool> RecordSweepAsync(SweepCandidate candidate, int sweepCount, DateTimeOffset nextSweepUtc, bool stuck, CancellationToken cancellationToken);

    /// <summary>
    /// True when the email a message points at needs nothing more: sent, skipped, or its row is gone. False while it is
    /// owed, and for a message that names no outbox table or no valid row (a person should look at it).
    /// </summary>
    Task<bool> IsFinishedAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>The poison queues of the two email queues (messages that failed every delivery).</summary>
public interface IEmailPoisonQueues
{
    /// <summary>
    /// Looks once at every poison message and deletes those that are outbox pointers for which
    /// <paramref name="isFinished"/> says true; the rest stay (unreadable ones too), visible again when this returns.
    /// Returns the ids of the messages deleted.
    /// </summary>
    Task<IReadOnlyList<string>> ClearAsync(Func<OutboxMessage, CancellationToken, Task<bool>> isFinished, CancellationToken cancellationToken);
}
