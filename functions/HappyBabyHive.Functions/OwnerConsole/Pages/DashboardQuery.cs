using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Registers;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>
/// What the console's home page shows, gathered from the services that own it: upcoming courses, free-place requests
/// waiting for a decision (with their review links), and the last week's bookings.
/// </summary>
public sealed class DashboardQuery(
    ICourseManagementService courses,
    IFreePlaceRequestStore freePlaces,
    FreePlaceReviewLinks reviewLinks,
    IRegisterService registers,
    TimeProvider time)
{
    public static readonly TimeSpan RecentBookingsWindow = TimeSpan.FromDays(7);

    public async Task<DashboardView> LoadAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var upcoming = (await courses.ListAsync(cancellationToken))
            .Where(c => c.Status != CourseStatus.Cancelled && c.LastSessionEndsUtc > now)
            .OrderBy(c => c.FirstSessionStartsUtc)
            .ToList();
        var titles = upcoming.ToDictionary(c => c.Id, c => c.Title, StringComparer.Ordinal);
        var pending = (await freePlaces.ListAsync(FreePlaceStatus.Pending, cancellationToken))
            .Select(r => new PendingRequest(
                r.ParentName,
                r.BabyFirstName,
                r.PreferredCourseId is { } id ? titles.GetValueOrDefault(id, "a course that has started or finished") : null,
                r.CreatedUtc,
                reviewLinks.Url(r.Id)))
            .ToList();
        var recent = await registers.ListRecentAsync(now - RecentBookingsWindow, cancellationToken);
        return new DashboardView(upcoming, pending, recent, now);
    }
}
