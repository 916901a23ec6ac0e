using HappyBabyHive.Courses;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HappyBabyHive.OwnerConsole.Pages;

/// <summary>The course list, one course's page (with duplicate and cancel), and the cancel confirmation.</summary>
public sealed class CoursePages(ConsolePage page, TimeProvider time)
{
    public const int MaxCancelMessageLength = 1000;

    public Task<ContentResult> ListAsync(HttpRequest request, OwnerSession session, IReadOnlyList<Course> courses)
    {
        var root = ConsolePaths.Base(request);
        var now = time.GetUtcNow();
        var current = courses.Where(c => c.Status != CourseStatus.Cancelled && c.LastSessionEndsUtc > now).OrderBy(c => c.FirstSessionStartsUtc).ToList();
        var past = courses.Except(current).OrderByDescending(c => c.FirstSessionStartsUtc).ToList();
        var model = new CourseListModel(
            root + "/courses/new",
            current.Select(c => CourseText.Summary(root, c, now)).ToList(),
            past.Select(c => CourseText.Summary(root, c, now)).ToList());
        return page.RenderAsync<CourseList>(request, session, ConsoleSection.Courses, "Courses", model);
    }

    public Task<ContentResult> CourseAsync(HttpRequest request, OwnerSession session, Course course, string? flash = null, string? problem = null, int statusCode = StatusCodes.Status200OK)
    {
        var model = new CourseDetailModel(
            CourseText.Url(ConsolePaths.Base(request), course),
            session.CsrfToken,
            flash,
            problem,
            CourseText.Kind(course.Kind),
            CourseText.Tag(course, time.GetUtcNow()),
            CourseText.Fill(course),
            CourseText.Schedule(course),
            course.Venue,
            course.VenueAddress,
            Money.Pounds(course.PricePence),
            course.BabyAge.Description,
            course.BabyAge.FromWeeks,
            course.BabyAge.ToWeeks,
            CourseText.SessionLines(course),
            course.Description);
        return page.RenderAsync<CourseDetail>(request, session, ConsoleSection.Courses, course.Title, model, statusCode, problem is null ? null : "Error: " + course.Title);
    }

    /// <summary>The confirmation before cancelling: who will be emailed, and an optional message to them.</summary>
    public Task<ContentResult> ConfirmCancelAsync(HttpRequest request, OwnerSession session, Course course, string? message = null, string? problem = null, int statusCode = StatusCodes.Status200OK)
    {
        var families = FamiliesToEmail(course);
        var who = families == 0
            ? "No one has booked or is waiting yet, so no one will be emailed."
            : $"We'll email {CourseText.Plural(families, "family", "families")} to tell them: {Breakdown(course)}.";
        var model = new CancelCourseModel(
            CourseText.Url(ConsolePaths.Base(request), course), session.CsrfToken, course.Title, CourseText.Schedule(course), course.Venue, who, message, problem, MaxCancelMessageLength);
        return page.RenderAsync<CancelCourse>(request, session, ConsoleSection.Courses, "Cancel this course?", model, statusCode);
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
}
