using System.Globalization;
using System.Text;
using HappyBabyHive.Courses;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Registers;
using HappyBabyHive.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using static HappyBabyHive.Web.HtmlPage;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>A free-place request waiting for the owner, with a freshly signed link to its review page.</summary>
public sealed record PendingRequest(string ParentName, string BabyFirstName, string? CourseTitle, DateTimeOffset ReceivedUtc, Uri ReviewUrl);

public sealed record DashboardView(
    IReadOnlyList<Course> UpcomingCourses,
    IReadOnlyList<PendingRequest> PendingRequests,
    IReadOnlyList<RecentBooking> RecentBookings,
    DateTimeOffset Now);

/// <summary>The console's home: how full each upcoming course is, requests waiting, and the week's new bookings.</summary>
public sealed class DashboardPage(ConsolePage page)
{
    public ContentResult Render(HttpRequest request, OwnerSession session, DashboardView view)
    {
        var root = ConsolePaths.Base(request);
        var body = new StringBuilder();

        body.Append("<h2 id=\"requests\">Free place requests</h2>");
        if (view.PendingRequests.Count == 0)
        {
            body.Append("<p>No requests waiting for you.</p>");
        }
        else
        {
            body.Append("<ul class=\"course-list\">");
            foreach (var pending in view.PendingRequests)
            {
                var course = pending.CourseTitle is null ? "any suitable course" : pending.CourseTitle;
                body.Append("<li class=\"card\">")
                    .Append(CultureInfo.InvariantCulture, $"<h3>{H(pending.ParentName)} and {H(pending.BabyFirstName)}</h3>")
                    .Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Asked for {H(course)}, on {H(UkDateFormat.DayAndDate(pending.ReceivedUtc))}</p>")
                    .Append(CultureInfo.InvariantCulture, $"<a class=\"button\" href=\"{H(pending.ReviewUrl.AbsoluteUri)}\">Review<span class=\"visually-hidden\"> the request from {H(pending.ParentName)}</span></a>")
                    .Append("</li>");
            }

            body.Append("</ul>");
        }

        body.Append("<h2 id=\"courses\">Upcoming courses</h2>");
        if (view.UpcomingCourses.Count == 0)
        {
            body.Append(CultureInfo.InvariantCulture, $"<p>No upcoming courses. <a href=\"{H(root)}/courses/new\">Add a course</a>.</p>");
        }
        else
        {
            body.Append("<ul class=\"course-list\">");
            foreach (var course in view.UpcomingCourses)
            {
                body.Append("<li class=\"card\">")
                    .Append(CultureInfo.InvariantCulture, $"<h3><a href=\"{H(root)}/courses/{H(course.Id)}\">{H(course.Title)}</a>{CourseText.StatusTag(course, view.Now)}</h3>")
                    .Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{H(CourseText.Schedule(course))}, {H(course.Venue)}</p>")
                    .Append(CourseText.FillHtml(course))
                    .Append(CultureInfo.InvariantCulture, $"<p><a href=\"{H(root)}/courses/{H(course.Id)}/register\">Register<span class=\"visually-hidden\"> for {H(course.Title)}</span></a></p>")
                    .Append("</li>");
            }

            body.Append("</ul>");
        }

        body.Append("<h2 id=\"recent\">Bookings in the last 7 days</h2>");
        if (view.RecentBookings.Count == 0)
        {
            body.Append("<p>No new bookings this week.</p>");
        }
        else
        {
            body.Append("<ul class=\"plain-list\">");
            foreach (var booking in view.RecentBookings)
            {
                var kind = booking.IsWaitlisted ? "joined the waitlist for" : booking.IsFreePlace ? "has a free place on" : "booked";
                body.Append(CultureInfo.InvariantCulture, $"<li><strong>{H(booking.ParentName)}</strong> {kind} <a href=\"{H(root)}/courses/{H(booking.CourseId)}/register\">{H(booking.CourseTitle)}</a>, {H(CourseText.WhenBooked(booking.BookedUtc))}</li>");
            }

            body.Append("</ul>");
        }

        body.Append(CultureInfo.InvariantCulture, $"<p class=\"actions\"><a class=\"button\" href=\"{H(root)}/courses/new\">Add a course</a></p>");
        return page.Render(request, session, ConsoleSection.Home, "Your console", body.ToString());
    }
}
