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
}
