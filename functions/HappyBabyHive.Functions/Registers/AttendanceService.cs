using HappyBabyHive.Concurrency;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Partition;
using HappyBabyHive.Time;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Registry;

namespace HappyBabyHive.Registers;

/// <summary>What ticking (or unticking) a family for a session came to.</summary>
public abstract record AttendanceOutcome
{
    /// <param name="Changed">False when the booking already said so (a second tap, a retried request): nothing was written.</param>
    public sealed record Marked(Booking Booking, Course Course, DateOnly Session, bool Attended, bool Changed) : AttendanceOutcome;

    /// <summary>The course has no session on that UK date.</summary>
    public sealed record NotASession(Course Course, DateOnly Session) : AttendanceOutcome;

    /// <summary>Only a family with a place (booked or free) can attend: not one waiting, offered or cancelled.</summary>
    public sealed record NotBooked(Booking Booking, Course Course) : AttendanceOutcome;

    public sealed record NotFound : AttendanceOutcome;

    /// <summary>Too many other changes to the course at once: nothing was written; try again shortly (503).</summary>
    public sealed record Busy : AttendanceOutcome;
}

public interface IAttendanceService
{
    /// <summary>
    /// Records whether the family came to the course's session on <paramref name="session"/> (its UK date). It sets a
    /// state rather than flipping it, so the same request twice (a double tap on a poor signal) changes nothing more.
    /// </summary>
    Task<AttendanceOutcome> MarkAsync(BookingKey booking, DateOnly session, bool attended, CancellationToken cancellationToken);
}

/// <summary>
/// Attendance lives on the booking row, in the course's partition, and changes like any booking change: one read, one
/// transaction guarded by the course row's ETag, retried through the app's one concurrency policy when a booking or
/// another tick lands at the same moment (the owner taps fast, from her phone, during the class).
/// </summary>
public sealed partial class AttendanceService(
    ICoursePartitionStore partitions,
    TimeProvider time,
    ResiliencePipelineProvider<string> pipelines,
    ILogger<AttendanceService> logger) : IAttendanceService
{
    private readonly ResiliencePipeline contention = pipelines.Get();

    public async Task<AttendanceOutcome> MarkAsync(BookingKey booking, DateOnly session, bool attended, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await contention.ExecuteAsync(async token => await TryMarkAsync(booking, session, attended, token), cancellationToken);
            if (outcome is AttendanceOutcome.Marked { Changed: true })
            {
                LogMarked(logger, booking.CourseId, booking.Reference, session, attended);
            }

            return outcome;
        }
        catch (ConcurrencyConflictException)
        {
            LogGaveUp(logger, booking.CourseId);
            return new AttendanceOutcome.Busy();
        }
    }

    /// <summary>The course's session dates, as the UK calendar has them: what attendance is kept against.</summary>
    public static IReadOnlyList<DateOnly> SessionDates(Course course) =>
        course.Sessions.Select(s => DateOnly.FromDateTime(UkTime.ToUk(s.StartsUtc).DateTime)).ToList();

    private async Task<AttendanceOutcome> TryMarkAsync(BookingKey key, DateOnly session, bool attended, CancellationToken cancellationToken)
    {
        var snapshot = await partitions.LoadAsync(key.CourseId, cancellationToken);
        if (snapshot is null || await partitions.LoadBookingAsync(snapshot, key.Reference, cancellationToken) is not { } booking)
        {
            return new AttendanceOutcome.NotFound();
        }

        var course = snapshot.Course;
        if (!SessionDates(course).Contains(session))
        {
            return new AttendanceOutcome.NotASession(course, session);
        }

        if (booking.Status != BookingStatus.Confirmed)
        {
            return new AttendanceOutcome.NotBooked(booking, course);
        }

        if (booking.AttendedSessions.Contains(session) == attended)
        {
            return new AttendanceOutcome.Marked(booking, course, session, attended, Changed: false);
        }

        var changes = snapshot.Change(time.GetUtcNow());
        var updated = changes.UpdateBooking(key.Reference, b => b with
        {
            AttendedSessions = attended
                ? b.AttendedSessions.Append(session).Order().ToList()
                : b.AttendedSessions.Where(d => d != session).ToList(),
        });
        await partitions.CommitOrRetryAsync(changes, cancellationToken);

        return new AttendanceOutcome.Marked(updated, changes.Course, session, attended, Changed: true);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Attendance of booking {Reference} on course {CourseId} for {Session}: {Attended}")]
    private static partial void LogMarked(ILogger logger, string courseId, string reference, DateOnly session, bool attended);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gave up recording attendance on course {CourseId} after repeated conflicts")]
    private static partial void LogGaveUp(ILogger logger, string courseId);
}
