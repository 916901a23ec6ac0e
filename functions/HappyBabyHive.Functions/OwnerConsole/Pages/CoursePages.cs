using System.Globalization;
using System.Text;
using HappyBabyHive.Courses;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Text;
using HappyBabyHive.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using static HappyBabyHive.Web.HtmlPage;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>The course list, one course's page (with duplicate and cancel), and the cancel confirmation.</summary>
public sealed class CoursePages(ConsolePage page, TimeProvider time)
{
    public const int MaxCancelMessageLength = 1000;

    public ContentResult List(HttpRequest request, OwnerSession session, IReadOnlyList<Course> courses)
    {
        var root = ConsolePaths.Base(request);
        var now = time.GetUtcNow();
        var current = courses.Where(c => c.Status != CourseStatus.Cancelled && c.LastSessionEndsUtc > now).OrderBy(c => c.FirstSessionStartsUtc).ToList();
        var past = courses.Except(current).OrderByDescending(c => c.FirstSessionStartsUtc).ToList();

        var body = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<p class=\"actions\"><a class=\"button\" href=\"{H(root)}/courses/new\">Add a course</a></p>")
            .Append("<h2>Upcoming and running</h2>")
            .Append(current.Count == 0 ? "<p>None yet.</p>" : Items(root, current, now))
            .Append("<h2>Finished and cancelled</h2>")
            .Append(past.Count == 0 ? "<p>None yet.</p>" : Items(root, past, now));
        return page.Render(request, session, ConsoleSection.Courses, "Courses", body.ToString());
    }

    public ContentResult Course(HttpRequest request, OwnerSession session, Course course, string? flash = null, string? problem = null, int statusCode = StatusCodes.Status200OK)
    {
        var root = ConsolePaths.Base(request);
        var here = $"{root}/courses/{course.Id}";
        var now = time.GetUtcNow();
        var body = new StringBuilder();
        if (flash is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<div class=\"flash\" role=\"status\"><p>{H(flash)}</p></div>");
        }

        if (problem is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<div class=\"error-summary\" tabindex=\"-1\" autofocus role=\"alert\"><p>{H(problem)}</p></div>");
        }

        body.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{H(CourseText.Kind(course.Kind))}{CourseText.StatusTag(course, now)}</p>")
            .Append(CultureInfo.InvariantCulture, $"<div class=\"card\">{CourseText.FillHtml(course)}<p><a class=\"button\" href=\"{H(here)}/register\">Register</a></p></div>")
            .Append("<div class=\"card\"><dl>")
            .Append(CultureInfo.InvariantCulture, $"<dt>When</dt><dd>{H(CourseText.Schedule(course))}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Where</dt><dd>{H(course.Venue)}{(course.VenueAddress.Length > 0 ? "<br>" + H(course.VenueAddress) : string.Empty)}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Price</dt><dd>{H(Money.Pounds(course.PricePence))}</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Places</dt><dd>{course.Capacity}, with {H(CourseText.Plural(course.FreePlaces, "free place", "free places"))} set aside</dd>")
            .Append(CultureInfo.InvariantCulture, $"<dt>Ages</dt><dd>{H(course.BabyAge.Description)} ({course.BabyAge.FromWeeks}–{course.BabyAge.ToWeeks} weeks)</dd>")
            .Append("</dl></div>")
            .Append("<h2>Sessions</h2><ol class=\"plain-list\">");
        foreach (var slot in course.Sessions)
        {
            body.Append(CultureInfo.InvariantCulture, $"<li>{H(UkDateFormat.SessionLine(slot.StartsUtc, slot.EndsUtc))}</li>");
        }

        body.Append("</ol>")
            .Append(CultureInfo.InvariantCulture, $"<h2>Description</h2><p class=\"note\">{H(course.Description)}</p>")
            .Append("<h2>Make changes</h2><div class=\"actions\">");
        if (course.Status != CourseStatus.Cancelled)
        {
            body.Append(CultureInfo.InvariantCulture, $"<a class=\"button secondary\" href=\"{H(here)}/edit\">Change details</a>");
        }

        body.Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{H(here)}/duplicate\">{ConsolePage.CsrfField(session)}<button type=\"submit\" class=\"secondary\">Duplicate to next month</button></form>");
        if (course.Status != CourseStatus.Cancelled)
        {
            body.Append(CultureInfo.InvariantCulture, $"<a class=\"button danger\" href=\"{H(here)}/cancel\">Cancel this course</a>");
        }

        body.Append("</div><p class=\"hint\">Duplicate makes a copy starting on the same weekday next month, with the same times, places and price, and no bookings.</p>");
        return page.Render(request, session, ConsoleSection.Courses, course.Title, body.ToString(), statusCode, problem is null ? null : "Error: " + course.Title);
    }

    /// <summary>The confirmation before cancelling: who will be emailed, and an optional message to them.</summary>
    public ContentResult ConfirmCancel(HttpRequest request, OwnerSession session, Course course, string? message = null, string? problem = null, int statusCode = StatusCodes.Status200OK)
    {
        var root = ConsolePaths.Base(request);
        var here = $"{root}/courses/{course.Id}";
        var families = FamiliesToEmail(course);
        var who = families == 0
            ? "No one has booked or is waiting yet, so no one will be emailed."
            : $"We'll email {CourseText.Plural(families, "family", "families")} to tell them: {Breakdown(course)}.";
        var body = new StringBuilder();
        if (problem is not null)
        {
            body.Append(CultureInfo.InvariantCulture, $"<div class=\"error-summary\" tabindex=\"-1\" autofocus role=\"alert\"><p>{H(problem)}</p></div>");
        }

        body.Append(CultureInfo.InvariantCulture, $"<p><strong>{H(course.Title)}</strong>, {H(CourseText.Schedule(course))}, {H(course.Venue)}.</p>")
            .Append(CultureInfo.InvariantCulture, $"<div class=\"card status\"><p>{H(who)}</p><p>The course stops taking bookings straight away. This can't be undone.</p></div>")
            .Append(CultureInfo.InvariantCulture, $"<form method=\"post\" action=\"{H(here)}/cancel\" novalidate>")
            .Append(ConsolePage.CsrfField(session))
            .Append(FormHtml.Field(
                "message",
                "A message to the families (optional)",
                $"<textarea id=\"{FormHtml.FieldId("message")}\" name=\"message\" rows=\"5\" maxlength=\"{MaxCancelMessageLength}\" aria-describedby=\"{FormHtml.FieldId("message")}-hint\">{H(message)}</textarea>",
                new Dictionary<string, string[]>(),
                "Added to the email, e.g. why, or when you hope to run it again. The email already says what happens about payment. Plain text."))
            .Append("<div class=\"actions\">")
            .Append("<button type=\"submit\" class=\"danger\">Cancel the course and email families</button>")
            .Append(CultureInfo.InvariantCulture, $"<a href=\"{H(here)}\">Keep the course</a>")
            .Append("</div></form>");
        return page.Render(request, session, ConsoleSection.Courses, "Cancel this course?", body.ToString(), statusCode);
    }

    /// <summary>Every booked, free-place and waitlisted family is owed a cancellation email.</summary>
    public static int FamiliesToEmail(Course course) => course.GeneralPlacesTaken + course.FreePlacesTaken + course.WaitlistCount;

    private static string Breakdown(Course course)
    {
        var parts = new List<string>();
        if (course.GeneralPlacesTaken > 0)
        {
            parts.Add(CourseText.Plural(course.GeneralPlacesTaken, "booked place", "booked places"));
        }

        if (course.FreePlacesTaken > 0)
        {
            parts.Add(CourseText.Plural(course.FreePlacesTaken, "free place", "free places"));
        }

        if (course.WaitlistCount > 0)
        {
            parts.Add(CourseText.Plural(course.WaitlistCount, "family", "families") + " on the waitlist");
        }

        return string.Join(", ", parts);
    }

    private static string Items(string root, IReadOnlyList<Course> courses, DateTimeOffset now)
    {
        var html = new StringBuilder("<ul class=\"course-list\">");
        foreach (var course in courses)
        {
            html.Append("<li class=\"card\">")
                .Append(CultureInfo.InvariantCulture, $"<h3><a href=\"{H(root)}/courses/{H(course.Id)}\">{H(course.Title)}</a>{CourseText.StatusTag(course, now)}</h3>")
                .Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{H(CourseText.Schedule(course))}, {H(course.Venue)}</p>")
                .Append(CultureInfo.InvariantCulture, $"<p class=\"summary-line\">{CourseText.Confirmed(course)} of {course.Capacity} places booked{(course.WaitlistCount > 0 ? H($", {CourseText.Plural(course.WaitlistCount, "family", "families")} waiting") : string.Empty)}</p>")
                .Append("</li>");
        }

        return html.Append("</ul>").ToString();
    }
}
