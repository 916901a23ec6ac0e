using System.Globalization;
using HappyBabyHive.Courses;
using HappyBabyHive.Courses.Management;
using HappyBabyHive.Http;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.OwnerConsole.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>
/// The console's course pages: list, add, change, duplicate to next month, cancel. Each is one call into
/// <see cref="ICourseManagementService"/>, the same service the admin API uses. Every change answers with a 303 to
/// the course's page (so a refresh never repeats it) and a short note of what happened.
/// </summary>
public sealed class ConsoleCoursesHttp(
    ConsoleGuard guard,
    ICourseManagementService management,
    ICourseStore courses,
    CoursePages pages,
    CourseFormPage form,
    ConsolePage page)
{
    private const string Done = "done";

    [Function(nameof(ConsoleCourses))]
    public Task<IActionResult> ConsoleCourses(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/courses")] HttpRequest request,
        CancellationToken cancellationToken) =>
        guard.SignedInAsync(request, async session => await pages.ListAsync(request, session, await management.ListAsync(cancellationToken)));

    [Function(nameof(ConsoleNewCourse))]
    public Task<IActionResult> ConsoleNewCourse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/courses/new")] HttpRequest request) =>
        guard.SignedInAsync(request, async session => await form.RenderAsync(request, session, null, CourseForm.NewCourse()));

    [Function(nameof(ConsoleCreateCourse))]
    public Task<IActionResult> ConsoleCreateCourse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/courses")] HttpRequest request,
        CancellationToken cancellationToken) =>
        guard.PostedAsync(request, async post =>
        {
            var details = CourseForm.FromForm(post.Form);
            return await management.CreateAsync(details, cancellationToken) switch
            {
                CourseChangeOutcome.Created created => ToCourse(request, created.Course.Id, "created"),
                var other => await FormProblemAsync(request, post.Session, null, details, other),
            };
        }, cancellationToken);

    [Function(nameof(ConsoleCourse))]
    public Task<IActionResult> ConsoleCourse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/courses/{courseId}")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken) =>
        guard.SignedInAsync(request, async session =>
            await courses.FindAsync(courseId, cancellationToken) is { } course
                ? await pages.CourseAsync(request, session, course, Flash(request))
                : await page.CourseNotFoundAsync(request, session));

    [Function(nameof(ConsoleEditCourse))]
    public Task<IActionResult> ConsoleEditCourse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/courses/{courseId}/edit")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken) =>
        guard.SignedInAsync(request, async session =>
            await courses.FindAsync(courseId, cancellationToken) is { } course
                ? await form.RenderAsync(request, session, course.Id, CourseDetails.From(course))
                : await page.CourseNotFoundAsync(request, session));

    [Function(nameof(ConsoleUpdateCourse))]
    public Task<IActionResult> ConsoleUpdateCourse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/courses/{courseId}/edit")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken) =>
        guard.PostedAsync(request, async post =>
        {
            var details = CourseForm.FromForm(post.Form);
            return await management.UpdateAsync(courseId, details, cancellationToken) switch
            {
                CourseChangeOutcome.Updated { OfferedToWaitlist: > 0 } offered => ToCourse(request, offered.Course.Id, "offered", offered.OfferedToWaitlist),
                CourseChangeOutcome.Updated updated => ToCourse(request, updated.Course.Id, "updated", updated.PromotedFromWaitlist),
                CourseChangeOutcome.NotFound => await page.CourseNotFoundAsync(request, post.Session),
                var other => await FormProblemAsync(request, post.Session, courseId, details, other),
            };
        }, cancellationToken);

    [Function(nameof(ConsoleDuplicateCourse))]
    public Task<IActionResult> ConsoleDuplicateCourse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/courses/{courseId}/duplicate")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken) =>
        guard.PostedAsync(request, async post =>
        {
            var outcome = await management.DuplicateToNextMonthAsync(courseId, cancellationToken);
            if (outcome is CourseChangeOutcome.Created created)
            {
                return ToCourse(request, created.Course.Id, "duplicated");
            }

            var course = await courses.FindAsync(courseId, cancellationToken);
            if (course is null || outcome is CourseChangeOutcome.NotFound)
            {
                return await page.CourseNotFoundAsync(request, post.Session);
            }

            return await (outcome switch
            {
                CourseChangeOutcome.Conflict conflict => pages.CourseAsync(request, post.Session, course, problem: conflict.Detail, statusCode: StatusCodes.Status409Conflict),
                CourseChangeOutcome.Invalid invalid => pages.CourseAsync(
                    request, post.Session, course, problem: "The copy couldn't be made: " + string.Join(' ', invalid.Errors.SelectMany(e => e.Value)), statusCode: StatusCodes.Status422UnprocessableEntity),
                _ => pages.CourseAsync(request, post.Session, course, problem: TryAgain.CourseBusy, statusCode: StatusCodes.Status503ServiceUnavailable),
            });
        }, cancellationToken);

    [Function(nameof(ConsoleConfirmCancelCourse))]
    public Task<IActionResult> ConsoleConfirmCancelCourse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/courses/{courseId}/cancel")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken) =>
        guard.SignedInAsync(request, async session => await (await courses.FindAsync(courseId, cancellationToken) switch
        {
            null => page.CourseNotFoundAsync(request, session),
            { Status: CourseStatus.Cancelled } cancelled => pages.CourseAsync(request, session, cancelled, flash: "This course is already cancelled."),
            var course => pages.ConfirmCancelAsync(request, session, course),
        }));

    [Function(nameof(ConsoleCancelCourse))]
    public Task<IActionResult> ConsoleCancelCourse(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/courses/{courseId}/cancel")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken) =>
        guard.PostedAsync(request, async post =>
        {
            var message = post.Form.GetValueOrDefault("message")?.Trim();
            if (message is { Length: > CoursePages.MaxCancelMessageLength })
            {
                message = message[..CoursePages.MaxCancelMessageLength];
            }

            switch (await management.CancelAsync(courseId, string.IsNullOrEmpty(message) ? null : message, cancellationToken))
            {
                case CourseCancelOutcome.Cancelled cancelled:
                    return ToCourse(request, cancelled.Course.Id, "cancelled", cancelled.FamiliesEmailed);
                case CourseCancelOutcome.Busy:
                    var course = await courses.FindAsync(courseId, cancellationToken);
                    return course is null
                        ? await page.CourseNotFoundAsync(request, post.Session)
                        : await pages.ConfirmCancelAsync(request, post.Session, course, message, TryAgain.CourseBusy, StatusCodes.Status503ServiceUnavailable);
                default:
                    return await page.CourseNotFoundAsync(request, post.Session);
            }
        }, cancellationToken);

    private static IActionResult ToCourse(HttpRequest request, string courseId, string done, int? count = null) =>
        ConsoleGuard.SeeOther(
            request,
            $"{ConsolePaths.Base(request)}/courses/{Uri.EscapeDataString(courseId)}?{Done}={done}{(count is { } n ? "&n=" + n.ToString(CultureInfo.InvariantCulture) : string.Empty)}");

    /// <summary>The note after a change, chosen from fixed wording (the query string only picks which).</summary>
    private static string? Flash(HttpRequest request)
    {
        var count = int.TryParse(request.Query["n"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return request.Query[Done].ToString() switch
        {
            "created" => "The course is added and open for bookings.",
            "updated" when count > 0 => $"Your changes are saved. {CourseText.Plural(count, "family", "families")} on the waitlist now have a place and are being emailed.",
            "updated" => "Your changes are saved.",
            "offered" when count > 0 => $"Your changes are saved. {CourseText.Plural(count, "family", "families")} on the waitlist {(count == 1 ? "is" : "are")} being offered a place by email.",
            "duplicated" => "This is the copy for next month. Check the dates, then it's ready for bookings.",
            "cancelled" when count > 0 => $"The course is cancelled. {CourseText.Plural(count, "family is", "families are")} being emailed.",
            "cancelled" => "The course is cancelled.",
            _ => null,
        };
    }

    private Task<ContentResult> FormProblemAsync(HttpRequest request, OwnerSession session, string? courseId, CourseDetails details, CourseChangeOutcome outcome) => outcome switch
    {
        CourseChangeOutcome.Invalid invalid => form.RenderAsync(request, session, courseId, details, invalid.Errors, statusCode: StatusCodes.Status422UnprocessableEntity),
        CourseChangeOutcome.Conflict conflict => form.RenderAsync(request, session, courseId, details, message: conflict.Detail, statusCode: StatusCodes.Status409Conflict),
        _ => form.RenderAsync(request, session, courseId, details, message: TryAgain.CourseBusy, statusCode: StatusCodes.Status503ServiceUnavailable),
    };
}
