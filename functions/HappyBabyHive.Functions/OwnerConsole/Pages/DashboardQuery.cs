using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Registers;
using HappyBabyHive.Time;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>
/// How many reminder emails are due to go out between two instants. The reminders feature implements it (its
/// <c>ReminderService.CountDueAsync</c>); until it is registered the dashboard leaves the figure out rather than show 0.
/// </summary>
public interface IRemindersDue
{
    Task<int> CountDueAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken);
}

/// <summary>
/// What the console's home page shows, gathered from the services that own it: upcoming courses, free-place requests
/// waiting for a decision, and the last week's bookings.
/// </summary>
public sealed class DashboardQuery(
    ICourseManagementService courses,
    IFreePlaceRequestStore freePlaces,
    IRegisterService registers,
    TimeProvider time,
    IRemindersDue? reminders = null)
{
    public static readonly TimeSpan RecentBookingsWindow = TimeSpan.FromDays(7);

    /// <summary>The dashboard counts reminders due from now to this far ahead.</summary>
    public static readonly TimeSpan RemindersWindow = TimeSpan.FromDays(7);

    /// <summary>Monday 00:00 UK time of the week <paramref name="now"/> is in: "this week" as the owner means it.</summary>
    public static DateTimeOffset UkWeekStart(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(UkTime.ToUk(now).DateTime);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        return UkTime.FromUkLocal(monday, TimeOnly.MinValue);
    }

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
                r.Id))
            .ToList();
        var recent = await registers.ListRecentAsync(now - RecentBookingsWindow, cancellationToken);
        var figures = await registers.FiguresAsync(UkWeekStart(now), cancellationToken);
        int? remindersDue = reminders is null ? null : await reminders.CountDueAsync(now, now + RemindersWindow, cancellationToken);
        var owed = await registers.OwedAsync(cancellationToken);
        return new DashboardView(upcoming, pending, recent, now) { Figures = figures, RemindersDue = remindersDue, Owed = owed };
    }
}
