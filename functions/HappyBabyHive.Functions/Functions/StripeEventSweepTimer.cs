using HappyBabyHive.Payments.Webhooks;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

public sealed class StripeEventSweepTimer(PaymentEventSweeper sweeper)
{
    // Every 5 minutes: a payment left unapplied keeps a family from hearing "you're booked", but this only matters
    // after a crash or queue outage, and a held place lasts at least 30 minutes.
    public const string Schedule = "0 */5 * * * *";

    /// <summary>Re-sends the apply message for Stripe events stored but still unapplied (crash between receipt and apply).</summary>
    [Function(nameof(SweepStripeEvents))]
    public Task SweepStripeEvents([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(cancellationToken);
}
