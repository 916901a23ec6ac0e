using HappyBabyHive.Bookings;
using HappyBabyHive.Outbox;
using HappyBabyHive.Courses.Partition;

namespace HappyBabyHive.Courses.Management;

/// <summary>
/// When an edit leaves general places free while families wait, they are given those places in waitlist order, in the
/// same change as the course row (bookings live in the course's partition): each promoted booking becomes Confirmed
/// with its "a place has opened up" email owed, and everyone still waiting is renumbered 1, 2, 3…
/// </summary>
internal sealed record WaitlistPromotion(IReadOnlyList<Booking> Promoted, int Waiting)
{
    private static readonly WaitlistPromotion None = new([], 0);

    /// <summary>
    /// Adds the promotion to <paramref name="changes"/> (not yet committed), reading the waitlist only when places
    /// opened up for it. <paramref name="changes"/> must already hold the edit, so the places left are the edited ones.
    /// </summary>
    public static async Task<WaitlistPromotion> PlanAsync(
        ICoursePartitionStore partitions, CourseSnapshot snapshot, CourseChangeSet changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var view = changes.Course;
        if (view.WaitlistCount == 0 || view.GeneralSpacesLeft == 0 || !view.IsBookable(now))
        {
            return None;
        }

        var waiting = await partitions.LoadWaitlistAsync(snapshot, cancellationToken);
        var promoted = waiting.Take(view.GeneralSpacesLeft).ToList();
        var remaining = waiting.Skip(promoted.Count).ToList();
        foreach (var booking in promoted)
        {
            changes.PromoteFromWaitlist(booking.Reference);
            changes.OweEmail(booking.Reference, EmailTemplates.WaitlistPromoted);
        }

        for (var i = 0; i < remaining.Count; i++)
        {
            if (remaining[i].WaitlistPosition != i + 1)
            {
                changes.MoveOnWaitlist(remaining[i].Reference, i + 1);
            }
        }

        // Counted from the rows themselves, so a counter that ever drifted is put right.
        changes.SetWaitlistCount(remaining.Count);
        return new WaitlistPromotion(promoted, waiting.Count);
    }
}
