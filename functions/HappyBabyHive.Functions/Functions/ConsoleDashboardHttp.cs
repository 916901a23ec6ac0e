using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Registers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>The console's home page (session required).</summary>
public sealed class ConsoleDashboardHttp(
    ConsoleGuard guard,
    ICourseManagementService courses,
    IFreePlaceStore freePlaces,
    FreePlaceReviewLinks reviewLinks,
    IRegisterService registers,
    DashboardPage page,
    TimeProvider time)
{
    public static readonly TimeSpan RecentBookingsWindow = TimeSpan.FromDays(7);

    [Function(nameof(ConsoleDashboard))]
    public async Task<IActionResult> ConsoleDashboard(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var (session, refusal) = guard.RequireSession(request);
        if (session is null)
        {
            return refusal!;
        }

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
                reviewLinks.Url(r.PartitionKey)))
            .ToList();
        var recent = await registers.ListRecentAsync(now - RecentBookingsWindow, cancellationToken);
        return page.Render(request, session, new DashboardView(upcoming, pending, recent, now));
    }
}
