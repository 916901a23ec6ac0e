using HappyBabyHive.Courses.Partition;

namespace HappyBabyHive.Courses.Management;

/// <summary>
/// The waitlist's offer flow (each family waiting is offered a free general place by email, with a while to claim it),
/// as an edit to a course uses it. Owned here and implemented by the booking-changes feature, which owns the offer
/// rules (claim window, emails) and already depends on courses, so the two stay out of a cycle.
/// </summary>
public interface IWaitlistPlaceOffers
{
    /// <summary>
    /// Adds offers of the general places left free in <paramref name="changes"/> (not yet committed) to the families
    /// waiting, in order, and renumbers the rest; returns how many families were offered a place.
    /// </summary>
    Task<int> OfferFreePlacesAsync(CourseSnapshot snapshot, CourseChangeSet changes, DateTimeOffset now, CancellationToken cancellationToken);
}
