using System.Globalization;
using System.Text;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Registers;
using HappyBabyHive.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using static HappyBabyHive.Web.HtmlPage;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>
/// Who is coming to a course: a table of booked families (stacked cards on a phone, a plain table when printed) and
/// the waitlist in order, with the session dates so a printed copy can be ticked off week by week.
/// </summary>
public sealed class RegisterPage(ConsolePage page)
{
    public ContentResult Render(HttpRequest request, OwnerSession session, CourseRegister register)
    {
        var course = register.Course;
        var root = ConsolePaths.Base(request);
        var here = $"{root}/courses/{course.Id}";
        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{H(CourseText.Schedule(course))}, {H(course.Venue)}</p>")
            .Append(CultureInfo.InvariantCulture, $"<p class=\"summary-line\">{H(CourseText.Plural(register.Booked.Count, "family", "families"))} booked of {course.Capacity} places; {H(register.Waitlist.Count == 0 ? "no one waiting" : CourseText.Plural(register.Waitlist.Count, "family", "families") + " on the waitlist")}.</p>")
            .Append("<div class=\"actions\">")
            .Append(CultureInfo.InvariantCulture, $"<a class=\"button\" href=\"{H(here)}/register/csv\" download>Download as a spreadsheet (CSV)</a>")
            .Append(CultureInfo.InvariantCulture, $"<a href=\"{H(here)}\">Back to the course</a>")
            .Append("</div>")
            .Append("<p class=\"hint no-print\">To print, use your browser's Print (on a phone: Share, then Print). The print leaves out the buttons.</p>");

        body.Append("<h2 id=\"booked\">Booked</h2>");
        body.Append(register.Booked.Count == 0 ? "<p>No bookings yet.</p>" : Table(register.Booked, "booked", waitlist: false));

        body.Append("<h2 id=\"waitlist\">Waitlist</h2>");
        body.Append(register.Waitlist.Count == 0 ? "<p>No one is waiting.</p>" : Table(register.Waitlist.OrderBy(e => e.WaitlistPosition ?? int.MaxValue).ToList(), "waitlist", waitlist: true));

        body.Append("<h2>Session dates</h2><ol class=\"plain-list\">");
        foreach (var slot in course.Sessions)
        {
            body.Append(CultureInfo.InvariantCulture, $"<li>{H(UkDateFormat.SessionLine(slot.StartsUtc, slot.EndsUtc))}</li>");
        }

        body.Append("</ol>");
        return page.Render(request, session, ConsoleSection.Courses, "Register: " + course.Title, body.ToString(), wide: true);
    }

    private static string Table(IReadOnlyList<RegisterEntry> entries, string id, bool waitlist)
    {
        var html = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<table class=\"register\" id=\"{id}-table\" aria-labelledby=\"{id}\"><thead><tr>")
            .Append(waitlist ? "<th scope=\"col\">Place in line</th>" : string.Empty)
            .Append("<th scope=\"col\">Parent</th><th scope=\"col\">Phone</th><th scope=\"col\">Baby</th><th scope=\"col\">Age at first session</th>")
            .Append(waitlist ? string.Empty : "<th scope=\"col\">Place</th>")
            .Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{(waitlist ? "Joined" : "Booked")}</th></tr></thead><tbody>");
        foreach (var entry in entries)
        {
            html.Append("<tr>");
            if (waitlist)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td data-label=\"Place in line\">{entry.WaitlistPosition?.ToString(CultureInfo.InvariantCulture) ?? "–"}</td>");
            }

            html.Append(CultureInfo.InvariantCulture, $"<th scope=\"row\">{H(entry.ParentName)}<br><a href=\"mailto:{H(entry.Email)}\">{H(entry.Email)}</a></th>")
                .Append(CultureInfo.InvariantCulture, $"<td data-label=\"Phone\">{(entry.Phone is { Length: > 0 } phone ? $"<a href=\"tel:{H(phone.Replace(" ", string.Empty, StringComparison.Ordinal))}\">{H(phone)}</a>" : "Not given")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td data-label=\"Baby\">{H(entry.BabyFirstName)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td data-label=\"Age at first session\">{H(entry.BabyAgeAtFirstSession)}</td>");
            if (!waitlist)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td data-label=\"Place\">{(entry.IsFreePlace ? "Free place" : "Paid")}</td>");
            }

            html.Append(CultureInfo.InvariantCulture, $"<td data-label=\"{(waitlist ? "Joined" : "Booked")}\">{H(CourseText.WhenBooked(entry.BookedUtc))}</td></tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }
}
