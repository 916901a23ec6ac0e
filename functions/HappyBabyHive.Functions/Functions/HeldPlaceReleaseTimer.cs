using HappyBabyHive.Bookings.Checkout;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

public sealed class HeldPlaceReleaseTimer(HeldPlaceRelease release)
{
    /// <summary>
    /// Every 5 minutes: Stripe's own expiry event releases almost every unpaid hold; this catches the few it never
    /// reached, at most HeldPlaceRelease.Grace plus 5 minutes after the hold ended.
    /// </summary>
    public const string Schedule = "30 */5 * * * *";

    /// <summary>Releases places held for payment whose hold ended without Stripe's expiry event, and offers them on.</summary>
    [Function(nameof(ReleaseUnpaidHolds))]
    public Task ReleaseUnpaidHolds([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        release.ReleaseEndedHoldsAsync(cancellationToken);
}
