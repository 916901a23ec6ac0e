namespace HappyBabyHive.Courses;

public interface ICourseStore
{
    Task<Course?> FindAsync(string courseId, CancellationToken cancellationToken);

    /// <summary>Courses whose first session is still ahead, soonest first.</summary>
    Task<IReadOnlyList<Course>> ListUpcomingAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Adds a course; returns false if a course with that id already exists (nothing is changed).</summary>
    Task<bool> TryAddAsync(Course course, CancellationToken cancellationToken);

    /// <summary>Every course, past, cancelled and upcoming, newest first session first (for the owner's console).</summary>
    Task<IReadOnlyList<Course>> ListAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Adds the upcoming-courses index row for the course's (new) first session. Call before changing the dates, so
    /// the course is never missing from the public list; readers ignore a row that doesn't match the course.
    /// </summary>
    Task IndexAsync(string courseId, DateTimeOffset firstSessionStartsUtc, CancellationToken cancellationToken);

    /// <summary>Leaves exactly one index row for the course: the one for its first session as stored now.</summary>
    Task TidyIndexAsync(string courseId, CancellationToken cancellationToken);
}
