using HappyBabyHive.Bookings.Changes;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

public sealed class FreePlaceReleaseTimer(IFreePlaceRelease release)
{
    /// <summary>
    /// Daily at 06:15 UTC (06:15 or 07:15 in the UK): the release is counted in whole UK days, so once a day is enough,
    /// and early morning means a released place is offered before families start their day. Does nothing unless the
    /// owner turned the release on; running twice releases nothing more.
    /// </summary>
    public const string Schedule = "0 15 6 * * *";

    /// <summary>Releases unused free places on courses starting within the owner's number of days, and offers them to the waitlist.</summary>
    [Function(nameof(ReleaseUnusedFreePlaces))]
    public Task ReleaseUnusedFreePlaces([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        release.ReleaseDueAsync(cancellationToken);
}
