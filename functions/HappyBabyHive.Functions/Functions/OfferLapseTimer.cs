using HappyBabyHive.Bookings.Changes;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

public sealed class OfferLapseTimer(IBookingChangeService changes)
{
    /// <summary>
    /// Every 5 minutes: an offer ends at most this long after its expiry, so the place reaches the next family soon, and
    /// one run is a single filtered query when no offer has ended. A claim made after the expiry but before the run is
    /// refused on the spot (the offer is ended there and then), so the 5 minutes never stretch an offer.
    /// </summary>
    public const string Schedule = "0 */5 * * * *";

    /// <summary>Ends every offer of a place whose claim window has passed, and offers each place to the next family.</summary>
    [Function(nameof(LapseEndedOffers))]
    public Task LapseEndedOffers([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        changes.LapseEndedOffersAsync(cancellationToken);
}
