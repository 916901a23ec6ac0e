using System.Globalization;
using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Courses;
using HappyBabyHive.Http;
using HappyBabyHive.Registers;
using HappyBabyHive.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>
/// The owner's single-booking actions in the admin API (function keys): cancel one booking, tick attendance, and see
/// a course's waitlist with its offers (moving a family: <see cref="ManageBookingTransfersHttp"/>). The console calls the same services, so
/// both follow the same rules. Personal data: never cached.
/// </summary>
public sealed class ManageBookingsHttp(IBookingChangeService changes, IAttendanceService attendance, IRegisterService registers)
{
    public const string BookingRoute = ManageCoursesHttp.RoutePrefix + "/{courseId}/bookings/{reference}";

    [Function(nameof(GetCourseWaitlist))]
    public async Task<IActionResult> GetCourseWaitlist(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ManageCoursesHttp.RoutePrefix + "/{courseId}/waitlist")] HttpRequest request,
        string courseId,
        CancellationToken cancellationToken)
    {
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return await registers.GetAsync(courseId, cancellationToken) is { } register
            ? new OkObjectResult(WaitlistResponse.From(register))
            : Problems.NotFound("course");
    }

    [Function(nameof(CancelBooking))]
    public async Task<IActionResult> CancelBooking(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = BookingRoute + "/cancel")] HttpRequest request,
        string courseId,
        string reference,
        CancellationToken cancellationToken)
    {
        var body = new CancelBookingBody(null);
        if (request.ContentLength is > 0 || request.ContentType is not null)
        {
            var (read, problem) = await JsonBody.ReadAsync<CancelBookingBody>(request, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            body = read!;
        }

        var emailFamily = body.EmailFamily ?? true;
        var key = new BookingKey(courseId, reference);
        return Map(
            body.Refund is { } refund
                ? await changes.CancelAsync(key, ChangedBy.Owner, emailFamily, refund, cancellationToken)
                : await changes.CancelAsync(key, ChangedBy.Owner, emailFamily, cancellationToken),
            emailFamily);
    }

    [Function(nameof(MarkAttendance))]
    public async Task<IActionResult> MarkAttendance(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = BookingRoute + "/attendance/{session}")] HttpRequest request,
        string courseId,
        string reference,
        string session,
        CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(session, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return Problems.Create(StatusCodes.Status400BadRequest, "bad-session", "Please name the session by its date.", "Put the session's UK date in the address as yyyy-MM-dd, e.g. 2026-12-01.");
        }

        var (body, problem) = await JsonBody.ReadAsync<AttendanceBody>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Attended is not { } attended)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["attended"] = ["Say true if the family came, false if not."] });
        }

        return Map(await attendance.MarkAsync(new BookingKey(courseId, reference), date, attended, cancellationToken));
    }

    internal static IActionResult Map(CancelOutcome outcome, bool emailFamily) => outcome switch
    {
        CancelOutcome.Cancelled c => new OkObjectResult(BookingCancelledResponse.From(c.Booking, c.Course.Id, Uk(c.Booking.CancelledUtc), emailFamily, c.OfferedTo, false)),
        CancelOutcome.AlreadyCancelled a => new OkObjectResult(BookingCancelledResponse.From(a.Booking, a.Course.Id, Uk(a.Booking.CancelledUtc), false, 0, true)),
        CancelOutcome.CourseOver => Problems.Conflict(
            "course-over", "This course has started, finished or been cancelled.", "A booking can only be cancelled before the first session of a course that is still running."),
        CancelOutcome.TooLate late => Problems.Conflict(
            "too-late", "It's too late to cancel this booking.", $"The cut-off was {UkDateFormat.DayAndDate(late.CutOffUtc)} at {UkDateFormat.Clock(late.CutOffUtc)}."),
        CancelOutcome.NotFound => Problems.NotFound("booking"),
        CancelOutcome.Busy => CourseBusy(),
        _ => throw new InvalidOperationException($"Unhandled cancel outcome {outcome.GetType().Name}."),
    };

    internal static IActionResult Map(AttendanceOutcome outcome) => outcome switch
    {
        AttendanceOutcome.Marked m => new OkObjectResult(new AttendanceResponse(m.Booking.Reference, m.Course.Id, m.Session, m.Attended, m.Changed, m.Booking.AttendedSessions)),
        AttendanceOutcome.NotASession n => Problems.Create(
            StatusCodes.Status404NotFound, "not-a-session", "This course has no session that day.",
            "Sessions are: " + string.Join(", ", AttendanceService.SessionDates(n.Course).Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))) + "."),
        AttendanceOutcome.NotBooked => Problems.Conflict(
            "not-booked", "This family doesn't have a place on the course.", "Only booked families (paid or free places) can be ticked as attending, not ones waiting, offered a place or cancelled."),
        AttendanceOutcome.NotFound => Problems.NotFound("booking"),
        AttendanceOutcome.Busy => CourseBusy(),
        _ => throw new InvalidOperationException($"Unhandled attendance outcome {outcome.GetType().Name}."),
    };

    private static DateTimeOffset? Uk(DateTimeOffset? utc) => utc is { } at ? UkTime.ToUk(at) : null;

    internal static ObjectResult CourseBusy() => Problems.Busy("This course is very busy right now.", TryAgain.CourseBusy);
}
