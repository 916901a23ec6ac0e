using HappyBabyHive.Courses;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.Registers;
using HappyBabyHive.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>
/// A free-place request waiting for the owner. The dashboard links to the console's own page for it (session-guarded),
/// never to a freshly minted bearer link.
/// </summary>
public sealed record PendingRequest(string ParentName, string BabyFirstName, string? CourseTitle, DateTimeOffset ReceivedUtc, string RequestId);

public sealed record DashboardView(
    IReadOnlyList<Course> UpcomingCourses,
    IReadOnlyList<PendingRequest> PendingRequests,
    IReadOnlyList<RecentBooking> RecentBookings,
    DateTimeOffset Now)
{
    public BookingFigures Figures { get; init; } = new(0, 0);

    /// <summary>Reminder emails due in the next 7 days; null when the reminders feature isn't there to ask.</summary>
    public int? RemindersDue { get; init; }

    /// <summary>What families still owe on upcoming courses.</summary>
    public MoneyOwed Owed { get; init; } = MoneyOwed.None;
}

/// <summary>The console's home: how full each upcoming course is, requests waiting, and the week's new bookings.</summary>
public sealed class DashboardPage(ConsolePage page)
{
    public Task<ContentResult> RenderAsync(HttpRequest request, OwnerSession session, DashboardView view)
    {
        var root = ConsolePaths.Base(request);
        var model = new DashboardModel(
            root,
            view.PendingRequests.Select(p => new PendingRequestItem(
                p.ParentName, p.BabyFirstName, p.CourseTitle ?? "any suitable course", UkDateFormat.DayAndDate(p.ReceivedUtc), ConsolePaths.FreePlaceRequest(request, p.RequestId))).ToList(),
            view.UpcomingCourses.Select(c => CourseText.Summary(root, c, view.Now)).ToList(),
            view.RecentBookings.Select(b => new RecentBookingItem(
                b.ParentName,
                b.IsWaitlisted ? RecentBookingKind.Waitlisted : b.IsFreePlace ? RecentBookingKind.FreePlace : RecentBookingKind.Booked,
                b.CourseTitle,
                $"{root}/courses/{b.CourseId}/register",
                CourseText.WhenBooked(b.BookedUtc))).ToList())
        {
            Figures = new DashboardFigures(view.Figures.OffersWaiting, view.Figures.Cancelled, view.RemindersDue),
            Owed = new OwedMoney(
                PaymentWords.Pounds(view.Owed.Pence),
                view.Owed.Families,
                view.Owed.PayingByCardNow,
                view.Owed.Courses.Select(c => new OwedCourse(c.CourseTitle, $"{root}/courses/{c.CourseId}/register", PaymentWords.Pounds(c.Pence), c.Families)).ToList()),
        };
        return page.RenderAsync<Dashboard>(request, session, ConsoleSection.Home, "Your console", model);
    }
}
