using HappyBabyHive.Courses.Management;
using HappyBabyHive.Courses.Partition;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Bookings.Changes;

/// <summary>The course editor's way into <see cref="WaitlistOffers"/>: the same offers, window and emails as a cancellation's.</summary>
internal sealed class WaitlistPlaceOffers(ICoursePartitionStore partitions, IOptions<BookingChangeOptions> options) : IWaitlistPlaceOffers
{
    public async Task<int> OfferFreePlacesAsync(CourseSnapshot snapshot, CourseChangeSet changes, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await WaitlistOffers.OfferFreePlacesAsync(partitions, snapshot, changes, options.Value, now, cancellationToken)).Count;
}
