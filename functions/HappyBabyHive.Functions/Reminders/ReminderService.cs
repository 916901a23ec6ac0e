using HappyBabyHive.Concurrency;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.Outbox;
using HappyBabyHive.Courses.Partition;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace HappyBabyHive.Reminders;

public interface IReminderService
{
    /// <summary>
    /// Owes every reminder whose time has come (and whose session has not started) to each booked family that doesn't
    /// have it yet, and enqueues them; returns how many reminder emails are now owed and not yet sent.
    /// </summary>
    Task<int> OweDueRemindersAsync(CancellationToken cancellationToken);

    /// <summary>
    /// How many reminder emails fall due at or after <paramref name="fromUtc"/> and before <paramref name="untilUtc"/>,
    /// to the families booked now (the dashboard's "reminders due in the next 7 days").
    /// </summary>
    Task<int> CountDueAsync(DateTimeOffset fromUtc, DateTimeOffset untilUtc, CancellationToken cancellationToken);
}

/// <summary>
/// Finds the sessions whose reminder time has come and owes each booked family one reminder email per session through
/// the transactional outbox. Exactly once comes from the outbox row's key (booking and per-session template): a
/// second run, a late run catching up, or another instance racing this one finds the row and writes nothing, and the
/// outbox sends each row once. Whether the email is still wanted is decided again when it is composed
/// (<see cref="ReminderEmailComposer"/>), so a family who cancels in between gets nothing.
/// <para>
/// Finding due courses reads course rows only (the upcoming-courses index and each course's row); bookings are read
/// only for a course with a reminder due.
/// </para>
/// </summary>
public sealed partial class ReminderService(
    ICourseStore courses,
    ICoursePartitionStore partitions,
    IEmailEnqueuer emailQueue,
    IOptions<ReminderOptions> options,
    TimeProvider time,
    ResiliencePipelineProvider<string> pipelines,
    ILogger<ReminderService> logger) : IReminderService
{
    /// <summary>
    /// The longest a course can run: <see cref="CourseDetailsValidator.MaxWeeks"/> weekly sessions plus
    /// <see cref="CourseDetailsValidator.MaxSkipDates"/> weeks skipped. A course that started longer ago than this has
    /// no session left, so per-session reminders look back no further.
    /// </summary>
    public static readonly TimeSpan LongestCourse = TimeSpan.FromDays(7 * (CourseDetailsValidator.MaxWeeks + CourseDetailsValidator.MaxSkipDates));

    private readonly ResiliencePipeline contention = pipelines.Get();

    public async Task<int> OweDueRemindersAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var owed = 0;
        foreach (var course in await CoursesWithSessionsAheadAsync(now, cancellationToken))
        {
            var due = ReminderSchedule.For(course, options.Value).Where(r => r.IsDueAt(now)).ToList();
            if (due.Count == 0)
            {
                continue;
            }

            try
            {
                owed += await contention.ExecuteAsync(async token => await OweAsync(course.Id, due, now, token), cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                // Another run kept writing the same rows at the same moment; whatever it wrote stays, and the next
                // run (within minutes, well before the session) owes the rest.
                LogGaveUp(logger, course.Id);
            }
        }

        return owed;
    }

    public async Task<int> CountDueAsync(DateTimeOffset fromUtc, DateTimeOffset untilUtc, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var course in await CoursesWithSessionsAheadAsync(fromUtc, cancellationToken))
        {
            var due = ReminderSchedule.For(course, options.Value).Where(r => r.DueUtc >= fromUtc && r.DueUtc < untilUtc).ToList();
            if (due.Count == 0)
            {
                continue;
            }

            var bookings = await partitions.ListBookingsAsync(course.Id, null, cancellationToken);
            count += due.Sum(r => bookings.Count(b => IsOwed(b, r)));
        }

        return count;
    }

    /// <summary>
    /// A reminder goes to a family whose place was theirs by the time it fell due. A family who booked (or was offered
    /// their place) after that has just had the confirmation with every detail in it, and a "reminder" minutes later
    /// would only be noise.
    /// </summary>
    internal static bool IsOwed(Booking booking, ScheduledReminder reminder) =>
        booking.Status == BookingStatus.Confirmed
        && booking.CreatedUtc <= reminder.DueUtc
        && (booking.OfferedUtc is null || booking.OfferedUtc <= reminder.DueUtc);

    private async Task<int> OweAsync(string courseId, IReadOnlyList<ScheduledReminder> due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Read inside the retry: a booking cancelled or added since the last attempt counts as it is now.
        var bookings = await partitions.ListBookingsAsync(courseId, null, cancellationToken);
        var owed = 0;
        foreach (var reminder in due)
        {
            var families = bookings.Where(b => IsOwed(b, reminder)).ToList();
            if (families.Count == 0)
            {
                continue;
            }

            IReadOnlyList<OutboxMessage> messages;
            try
            {
                messages = await partitions.OweEmailToEachAsync(courseId, families, reminder.Template, now, cancellationToken);
            }
            catch (CourseChangeRejectedException e) when (e.AlreadyExists)
            {
                // Another run wrote some of the same rows at the same moment: read again and write only what is missing.
                throw new ConcurrencyConflictException(e);
            }

            foreach (var message in messages)
            {
                await emailQueue.EnqueueOrLeaveToSweepAsync(message, logger, cancellationToken);
            }

            if (messages.Count > 0)
            {
                LogOwed(logger, courseId, reminder.SessionNumber, messages.Count);
            }

            owed += messages.Count;
        }

        return owed;
    }

    /// <summary>
    /// Courses with a session still ahead, from the upcoming-courses index: those starting after <paramref name="now"/>,
    /// and with per-session reminders also those that started within <see cref="LongestCourse"/>. No booking is read.
    /// </summary>
    private async Task<IReadOnlyList<Course>> CoursesWithSessionsAheadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = options.Value.EachSession ? now - LongestCourse : now;
        return (await courses.ListUpcomingAsync(since, cancellationToken))
            .Where(c => c.Status != CourseStatus.Cancelled && c.Sessions.Count > 0 && c.Sessions[^1].StartsUtc > now)
            .ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Course {CourseId}: {Count} reminder emails owed for session {SessionNumber}")]
    private static partial void LogOwed(ILogger logger, string courseId, int sessionNumber, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up owing reminders on course {CourseId} after repeated conflicts; the next run tries again")]
    private static partial void LogGaveUp(ILogger logger, string courseId);
}
