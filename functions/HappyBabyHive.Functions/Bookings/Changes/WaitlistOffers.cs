using HappyBabyHive.Courses;
using HappyBabyHive.Outbox;
using HappyBabyHive.Courses.Partition;

namespace HappyBabyHive.Bookings.Changes;

/// <summary>
/// Offers the general places left free in a change to the families waiting, first come first offered, and renumbers
/// everyone still waiting 1, 2, 3…, in the same change (the waitlist lives in the course's partition). Each offered
/// family's place is held until the offer ends and they are owed the "a place is yours if you want it" email. No offers
/// go out once the course has started or was cancelled.
/// </summary>
internal static class WaitlistOffers
{
    /// <summary>Adds the offers to <paramref name="changes"/> (not yet committed); returns the families offered a place.</summary>
    public static async Task<IReadOnlyList<Booking>> OfferFreePlacesAsync(
        ICoursePartitionStore partitions, CourseSnapshot snapshot, CourseChangeSet changes, BookingChangeOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var course = changes.Course;
        if (course.WaitlistCount == 0 && snapshot.Waitlist.Count == 0)
        {
            return [];
        }

        // As this change leaves them, so a booking it already updated (cancelled, offered) shows its new status.
        var waiting = (await partitions.LoadWaitlistAsync(snapshot, cancellationToken))
            .Select(b => changes.Current(b.Reference))
            .Where(b => b.Status == BookingStatus.Waitlisted)
            .ToList();
        var offered = new List<Booking>();
        var canOffer = course.Status != CourseStatus.Cancelled && now < course.FirstSessionStartsUtc;
        while (canOffer && changes.Course.GeneralSpacesLeft > 0 && offered.Count < waiting.Count && changes.Fits(2))
        {
            var next = waiting[offered.Count];
            changes.OfferPlace(next.Reference, options.OfferExpiry(course.FirstSessionStartsUtc, now));
            changes.OweEmail(next.Reference, EmailTemplates.PlaceOffered);
            offered.Add(next);
        }

        var remaining = waiting.Skip(offered.Count).ToList();
        for (var i = 0; i < remaining.Count; i++)
        {
            if (remaining[i].WaitlistPosition != i + 1 && changes.Fits(1))
            {
                changes.MoveOnWaitlist(remaining[i].Reference, i + 1);
            }
        }

        // Counted from the rows themselves, so a counter that ever drifted is put right.
        changes.SetWaitlistCount(remaining.Count);
        return offered;
    }
}
