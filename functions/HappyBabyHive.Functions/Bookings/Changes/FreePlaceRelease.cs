using HappyBabyHive.Concurrency;
using HappyBabyHive.Courses;
using HappyBabyHive.Outbox;
using HappyBabyHive.Settings;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Time;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace HappyBabyHive.Bookings.Changes;

public interface IFreePlaceRelease
{
    /// <summary>
    /// When the owner turned it on: every open course starting within her number of days gives its unused free places
    /// back as general places, offered to the families waiting. Returns how many free places were released.
    /// </summary>
    Task<int> ReleaseDueAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Releases free places nobody was given, a set number of days before a course starts, so a place set aside for a
/// family in need doesn't stay empty while others wait (issue #15). Off unless the owner turned it on in her settings.
/// Each course is one change guarded by its ETag: the free places shrink to those already given, and the same
/// transaction offers the freed general places to the waitlist (<see cref="WaitlistOffers"/>). Running it again
/// finds nothing left to release, so a repeated or overlapping run changes nothing.
/// </summary>
public sealed partial class FreePlaceRelease(
    ICourseStore courses,
    ICoursePartitionStore partitions,
    IBusinessSettingsStore settings,
    IEmailEnqueuer emailQueue,
    IOptions<BookingChangeOptions> options,
    TimeProvider time,
    ResiliencePipelineProvider<string> pipelines,
    ILogger<FreePlaceRelease> logger) : IFreePlaceRelease
{
    private readonly ResiliencePipeline contention = pipelines.Get();

    /// <summary>
    /// Due from the start of the UK day <paramref name="daysBefore"/> days before the first session's UK date, until
    /// the course starts; only an open course with a free place left has anything to release.
    /// </summary>
    public static bool IsDue(Course course, int daysBefore, DateTimeOffset now) =>
        course.IsBookable(now) &&
        course.FreePlacesLeft > 0 &&
        DateOnly.FromDateTime(UkTime.ToUk(now).DateTime) >= course.FirstSessionUkDate.AddDays(-daysBefore);

    public async Task<int> ReleaseDueAsync(CancellationToken cancellationToken)
    {
        if ((await settings.GetAsync(cancellationToken)).ReleaseFreePlacesDaysBefore is not { } daysBefore)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var released = 0;
        foreach (var course in (await courses.ListUpcomingAsync(now, cancellationToken)).Where(c => IsDue(c, daysBefore, now)))
        {
            try
            {
                var (count, offered, emails) = await contention.ExecuteAsync(async token => await TryReleaseAsync(course.Id, daysBefore, token), cancellationToken);
                foreach (var email in emails)
                {
                    await emailQueue.EnqueueOrLeaveToSweepAsync(email, logger, CancellationToken.None);
                }

                if (count > 0)
                {
                    LogReleased(logger, course.Id, count, offered);
                }

                released += count;
            }
            catch (ConcurrencyConflictException)
            {
                // Nothing was written; tomorrow's run (or the next after a restart) finds the course still due.
                LogGaveUp(logger, course.Id);
            }
        }

        return released;
    }

    private async Task<(int Released, int Offered, IReadOnlyList<OutboxMessage> Emails)> TryReleaseAsync(string courseId, int daysBefore, CancellationToken cancellationToken)
    {
        var snapshot = await partitions.LoadAsync(courseId, cancellationToken);
        var now = time.GetUtcNow();

        // Decided again on the course as read now: a free place may have been given, or the course cancelled, since the list.
        if (snapshot is null || !IsDue(snapshot.Course, daysBefore, now))
        {
            return (0, 0, []);
        }

        var course = snapshot.Course;
        var changes = snapshot.Change(now);
        changes.SetDetails(course with { FreePlaces = course.FreePlacesTaken });
        var offered = await WaitlistOffers.OfferFreePlacesAsync(partitions, snapshot, changes, options.Value, now, cancellationToken);
        return (course.FreePlacesLeft, offered.Count, await partitions.CommitOrRetryAsync(changes, cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Released {Released} unused free places on course {CourseId}; {Offered} waiting families offered a place")]
    private static partial void LogReleased(ILogger logger, string courseId, int released, int offered);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up releasing free places on course {CourseId} after repeated conflicts")]
    private static partial void LogGaveUp(ILogger logger, string courseId);
}
