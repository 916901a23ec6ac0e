using HappyBabyHive.Outbox;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

public sealed class OutboxSweepTimer(IOutboxSweeper sweeper)
{
    public const string Schedule = "0 * * * * *";

    // Every minute: the sweep is what bounds a family's wait after a lost queue message or an email outage, and at
    // this business's size one sweep is a single filtered scan taking milliseconds.

    /// <summary>Every minute, re-enqueue owed emails whose queue message was lost, and clear poison messages since sent.</summary>
    [Function(nameof(SweepOutbox))]
    public Task SweepOutbox([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(cancellationToken);
}
