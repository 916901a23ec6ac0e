using HappyBabyHive.Payments.Refunds;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

public sealed class RefundSweepTimer(RefundSweeper sweeper)
{
    // Every 10 minutes: a refund takes Stripe 5–10 days to reach the card anyway, so minutes of delay after an outage
    // cost the family nothing, while each run is one filtered query when nothing is outstanding.
    public const string Schedule = "0 */10 * * * *";

    /// <summary>Sends every refund still outstanding (a lost queue message, Stripe down, a crash between decision and call).</summary>
    [Function(nameof(SweepRefunds))]
    public Task SweepRefunds([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(cancellationToken);
}
