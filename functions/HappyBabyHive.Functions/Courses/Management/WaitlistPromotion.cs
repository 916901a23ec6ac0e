using Azure.Data.Tables;
using HappyBabyHive.Bookings;
using HappyBabyHive.Outbox;
using HappyBabyHive.Storage;

namespace HappyBabyHive.Courses.Management;

/// <summary>
/// When an edit leaves general places free while families wait, they are given those places in waitlist order, in the
/// same transaction as the course row (bookings live in the course's partition): each promoted booking becomes
/// Confirmed with an outbox row for its "a place has opened up" email, and everyone still waiting is renumbered 1, 2, 3…
/// </summary>
internal sealed record WaitlistPromotion(
    IReadOnlyList<BookingEntity> Promoted,
    IReadOnlyList<OutboxEntity> Emails,
    IReadOnlyList<TableTransactionAction> Actions,
    int Waiting)
{
    private static readonly WaitlistPromotion None = new([], [], [], 0);

    /// <summary>Works out the promotion and applies its counters to <paramref name="course"/> (not yet saved).</summary>
    public static async Task<WaitlistPromotion> PlanAsync(TableClient bookings, CourseEntity course, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var view = course.ToCourse();
        if (view.WaitlistCount == 0 || view.GeneralSpacesLeft == 0 || !view.IsBookable(now))
        {
            return None;
        }

        var waiting = await WaitlistAsync(bookings, course.PartitionKey, cancellationToken);
        var promoted = waiting.Take(view.GeneralSpacesLeft).ToList();
        var remaining = waiting.Skip(promoted.Count).ToList();
        var actions = new List<TableTransactionAction>();
        var emails = new List<OutboxEntity>();
        foreach (var booking in promoted)
        {
            booking.Status = nameof(BookingStatus.Confirmed);
            booking.WaitlistPosition = null;
            actions.Add(new(TableTransactionActionType.UpdateReplace, booking, booking.ETag));
            var outbox = OutboxEntity.Create(
                course.PartitionKey, RowKeys.Outbox(booking.Reference, EmailTemplates.WaitlistPromoted), EmailTemplates.WaitlistPromoted, booking.RowKey, now, BookingService.OutboxGracePeriod);
            actions.Add(new(TableTransactionActionType.Add, outbox));
            emails.Add(outbox);
        }

        for (var i = 0; i < remaining.Count; i++)
        {
            if (remaining[i].WaitlistPosition != i + 1)
            {
                remaining[i].WaitlistPosition = i + 1;
                actions.Add(new(TableTransactionActionType.UpdateReplace, remaining[i], remaining[i].ETag));
            }
        }

        course.GeneralPlacesTaken += promoted.Count;

        // Counted from the rows themselves, so a counter that ever drifted is put right.
        course.WaitlistCount = remaining.Count;
        return new WaitlistPromotion(promoted, emails, actions, waiting.Count);
    }

    /// <summary>The course's waitlisted bookings in the order they joined.</summary>
    public static async Task<List<BookingEntity>> WaitlistAsync(TableClient bookings, string courseId, CancellationToken cancellationToken)
    {
        var end = RowKeys.PrefixEnd(RowKeys.BookingPrefix);
        var waiting = new List<BookingEntity>();
        await foreach (var booking in bookings.QueryAsync<BookingEntity>(
            b => b.PartitionKey == courseId && b.RowKey.CompareTo(RowKeys.BookingPrefix) >= 0 && b.RowKey.CompareTo(end) < 0 && b.Status == nameof(BookingStatus.Waitlisted),
            cancellationToken: cancellationToken))
        {
            waiting.Add(booking);
        }

        return waiting
            .OrderBy(b => b.WaitlistPosition ?? int.MaxValue)
            .ThenBy(b => b.CreatedUtc)
            .ThenBy(b => b.RowKey, StringComparer.Ordinal)
            .ToList();
    }
}
