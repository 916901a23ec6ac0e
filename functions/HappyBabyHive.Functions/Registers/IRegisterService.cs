using HappyBabyHive.Courses;

namespace HappyBabyHive.Registers;

/// <summary>Who is coming: the register of one course, and the bookings made lately across courses.</summary>
public interface IRegisterService
{
    /// <summary>The course's booked families (confirmed and free places, by booking time) and its waitlist in order; null if no such course.</summary>
    Task<CourseRegister?> GetAsync(string courseId, CancellationToken cancellationToken);

    /// <summary>Bookings and waitlist joins made at or after <paramref name="sinceUtc"/> on courses not yet finished, newest first.</summary>
    Task<IReadOnlyList<RecentBooking>> ListRecentAsync(DateTimeOffset sinceUtc, CancellationToken cancellationToken);
}

public sealed record CourseRegister(Course Course, IReadOnlyList<RegisterEntry> Booked, IReadOnlyList<RegisterEntry> Waitlist);

/// <summary>One family on the register. <see cref="BabyAgeAtFirstSession"/> is in words, e.g. "14 weeks".</summary>
public sealed record RegisterEntry(
    string Reference,
    string ParentName,
    string Email,
    string? Phone,
    string BabyFirstName,
    DateOnly BabyDateOfBirth,
    string BabyAgeAtFirstSession,
    bool IsFreePlace,
    DateTimeOffset BookedUtc,
    int? WaitlistPosition);

public sealed record RecentBooking(string CourseId, string CourseTitle, string Reference, string ParentName, bool IsFreePlace, bool IsWaitlisted, DateTimeOffset BookedUtc);
