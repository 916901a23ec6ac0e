namespace HappyBabyHive.Courses.Management;

/// <summary>
/// Everything the owner can do to a course. The console and the admin API both call this one service, so every
/// rule (capacity never below confirmed places, cancellation emails through the outbox) lives here once.
/// </summary>
public interface ICourseManagementService
{
    /// <summary>Every course, newest first session first, including past and cancelled ones (for the console's list).</summary>
    Task<IReadOnlyList<Course>> ListAsync(CancellationToken cancellationToken);

    Task<CourseChangeOutcome> CreateAsync(CourseDetails details, CancellationToken cancellationToken);

    /// <summary>
    /// Changes a course. Capacity (and free places set aside) can never drop below the places already taken. Raising
    /// the general places while families wait offers those places to them in order (or, if the owner chose "book
    /// straight in" in her settings, promotes them at once), each emailed through the outbox.
    /// </summary>
    Task<CourseChangeOutcome> UpdateAsync(string courseId, CourseDetails details, CancellationToken cancellationToken);

    /// <summary>
    /// Copies a course to next month in one step: same weekday, times, venue, places and price, starting on the same
    /// weekday of the following calendar month (e.g. the first Tuesday), with the same number of weeks. No bookings are copied.
    /// </summary>
    Task<CourseChangeOutcome> DuplicateToNextMonthAsync(string courseId, CancellationToken cancellationToken);

    /// <summary>
    /// Cancels a course: it stops taking bookings at once, and every booked, waitlisted or free-place family is emailed
    /// (through the outbox, so no one is missed if the app stops half way; calling again finishes the job and sends no
    /// second email). <paramref name="messageToFamilies"/> is optional plain text added to the email.
    /// </summary>
    Task<CourseCancelOutcome> CancelAsync(string courseId, string? messageToFamilies, CancellationToken cancellationToken);
}

public abstract record CourseChangeOutcome
{
    private CourseChangeOutcome()
    {
    }

    public sealed record Created(Course Course) : CourseChangeOutcome;

    /// <summary><paramref name="PromotedFromWaitlist"/>: how many waiting families were given a place by this change.</summary>
    public sealed record Updated(Course Course, int PromotedFromWaitlist) : CourseChangeOutcome
    {
        /// <summary>How many waiting families were offered a place by this change (the "offer" setting).</summary>
        public int OfferedToWaitlist { get; init; }
    }

    /// <summary>Field errors keyed by the camelCase field name of <see cref="CourseDetails"/>.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : CourseChangeOutcome;

    public sealed record NotFound : CourseChangeOutcome;

    /// <summary>The change is not possible as asked (e.g. editing a cancelled course); the detail says why, for people.</summary>
    public sealed record Conflict(string Detail) : CourseChangeOutcome;

    /// <summary>Too many changes at once on this course; nothing was changed, try again.</summary>
    public sealed record Busy : CourseChangeOutcome;
}

public abstract record CourseCancelOutcome
{
    private CourseCancelOutcome()
    {
    }

    /// <summary><paramref name="FamiliesEmailed"/>: families owed a cancellation email (each sent once, by the outbox).</summary>
    public sealed record Cancelled(Course Course, int FamiliesEmailed) : CourseCancelOutcome;

    public sealed record NotFound : CourseCancelOutcome;

    /// <summary>The message to families can't be used as typed (too long, or not ordinary text); keyed "message".</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string[]> Errors) : CourseCancelOutcome;

    /// <summary>The course can't be cancelled (it has already finished); the detail says why, for people.</summary>
    public sealed record Conflict(string Detail) : CourseCancelOutcome;

    public sealed record Busy : CourseCancelOutcome;
}
