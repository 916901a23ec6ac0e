using HappyBabyHive.Outbox;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

public sealed class OutboxSweepTimer(IOutboxSweeper sweeper)
{
    public const string Schedule = "0 */5 * * * *";

    /// <summary>Every five minutes, re-enqueue owed emails whose queue message was lost.</summary>
    [Function(nameof(SweepOutbox))]
    public Task SweepOutbox([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(cancellationToken);
}
