namespace HappyBabyHive.Pages.Console;

/// <summary>The console's home: requests waiting, how full each upcoming course is, and the week's new bookings.</summary>
/// <param name="Root">The console's base path.</param>
public sealed record DashboardModel(
    string Root,
    IReadOnlyList<PendingRequestItem> Requests,
    IReadOnlyList<CourseSummary> Upcoming,
    IReadOnlyList<RecentBookingItem> Recent)
{
    public DashboardFigures Figures { get; init; } = new(0, 0, null);

    public OwedMoney Owed { get; init; } = new("£0.00", 0, 0, []);
}

/// <summary>What families still owe on upcoming courses, with each course's share linking to its register.</summary>
/// <param name="Total">In pounds, e.g. "£120.00".</param>
/// <param name="PayingByCardNow">Of <paramref name="Families"/>, those on Stripe's payment page right now.</param>
public sealed record OwedMoney(string Total, int Families, int PayingByCardNow, IReadOnlyList<OwedCourse> Courses);

/// <param name="RegisterUrl">The course's register, where each family's payment is shown.</param>
public sealed record OwedCourse(string CourseTitle, string RegisterUrl, string Amount, int Families);

/// <summary>The week at a glance.</summary>
/// <param name="OffersWaiting">Places offered from a waitlist, not yet claimed or turned down.</param>
/// <param name="CancelledThisWeek">Cancellations since Monday (UK time), by families or by you.</param>
/// <param name="RemindersDue">Reminder emails due in the next 7 days; null when not known (the figure is left out).</param>
public sealed record DashboardFigures(int OffersWaiting, int CancelledThisWeek, int? RemindersDue);

/// <param name="AskedFor">The course asked for, or "any suitable course".</param>
/// <param name="Received">The day it came in, in words.</param>
/// <param name="ReviewUrl">A freshly signed link to its review page.</param>
public sealed record PendingRequestItem(string ParentName, string BabyFirstName, string AskedFor, string Received, string ReviewUrl);

public enum RecentBookingKind
{
    Booked,
    FreePlace,
    Waitlisted,
}

/// <param name="RegisterUrl">The course's register.</param>
/// <param name="When">When it was booked, in words.</param>
public sealed record RecentBookingItem(string ParentName, RecentBookingKind Kind, string CourseTitle, string RegisterUrl, string When);
