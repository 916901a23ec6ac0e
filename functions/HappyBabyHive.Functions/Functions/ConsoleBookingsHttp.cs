using System.Globalization;
using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Courses;
using HappyBabyHive.Http;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.Registers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>
/// The owner's single-booking actions on the register: cancel one booking (after a confirm page, with or without an
/// email to the family) and tick attendance per session. GETs only show; every change is a POST carrying the
/// session's CSRF token, answered with a 303 so a refresh never repeats it.
/// </summary>
public sealed class ConsoleBookingsHttp(
    ConsoleGuard guard,
    IBookingChangeService changes,
    IAttendanceService attendance,
    IRegisterService registers,
    BookingPages pages,
    ConsolePage page)
{
    private const string BookingRoute = "console/courses/{courseId}/bookings/{reference}";
    private const string AttendanceRoute = "console/courses/{courseId}/attendance/{session}";

    [Function(nameof(ConsoleConfirmCancelBooking))]
    public Task<IActionResult> ConsoleConfirmCancelBooking(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = BookingRoute + "/cancel")] HttpRequest request,
        string courseId,
        string reference,
        CancellationToken cancellationToken) =>
        guard.SignedInAsync(request, async session => await registers.GetAsync(courseId, cancellationToken) switch
        {
            null => await page.CourseNotFoundAsync(request, session),
            var register when BookingPages.Find(register, reference) is { } entry => await pages.ConfirmCancelAsync(request, session, register, entry),
            _ => await pages.BookingNotFoundAsync(request, session),
        });

    [Function(nameof(ConsoleCancelBooking))]
    public Task<IActionResult> ConsoleCancelBooking(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = BookingRoute + "/cancel")] HttpRequest request,
        string courseId,
        string reference,
        CancellationToken cancellationToken) =>
        guard.PostedAsync(request, async post =>
        {
            var emailFamily = post.Form.GetValueOrDefault(CancelBookingModel.EmailFamilyField) == "true";
            // Only "no" keeps the payment; a place with nothing paid has no choice to make (and no field).
            var keepPayment = post.Form.GetValueOrDefault(CancelBookingModel.RefundField) == CancelBookingModel.RefundNo;
            var key = new BookingKey(courseId, reference);
            var outcome = keepPayment
                ? await changes.CancelAsync(key, ChangedBy.Owner, emailFamily, refundIfPaid: false, cancellationToken)
                : await changes.CancelAsync(key, ChangedBy.Owner, emailFamily, cancellationToken);
            var courseUrl = $"{ConsolePaths.Base(request)}/courses/{Uri.EscapeDataString(courseId)}";
            switch (outcome)
            {
                case CancelOutcome.Cancelled cancelled:
                    return ConsoleGuard.SeeOther(request, RegisterPage.AfterAction(courseUrl, "cancelled", cancelled.OfferedTo));
                case CancelOutcome.AlreadyCancelled:
                    return ConsoleGuard.SeeOther(request, RegisterPage.AfterAction(courseUrl, "already-cancelled"));
                case CancelOutcome.NotFound:
                    return await pages.BookingNotFoundAsync(request, post.Session);
            }

            // The rare refusals come back to the same confirm page, saying why and keeping the choice she made.
            var register = await registers.GetAsync(courseId, cancellationToken);
            if (register is null || BookingPages.Find(register, reference) is not { } entry)
            {
                return await pages.BookingNotFoundAsync(request, post.Session);
            }

            return outcome switch
            {
                CancelOutcome.Busy => await BusyAsync(request, () => pages.ConfirmCancelAsync(
                    request, post.Session, register, entry, emailFamily, TryAgain.CourseBusy, StatusCodes.Status503ServiceUnavailable, refund: !keepPayment)),
                _ => await pages.ConfirmCancelAsync(
                    request, post.Session, register, entry, emailFamily,
                    "This course has already started (or was cancelled), so its bookings can't be cancelled any more.", StatusCodes.Status409Conflict, refund: !keepPayment),
            };
        }, cancellationToken);

    [Function(nameof(ConsoleAttendance))]
    public Task<IActionResult> ConsoleAttendance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = AttendanceRoute)] HttpRequest request,
        string courseId,
        string session,
        CancellationToken cancellationToken) =>
        guard.SignedInAsync(request, async owner =>
        {
            var register = await registers.GetAsync(courseId, cancellationToken);
            if (register is null)
            {
                return await page.CourseNotFoundAsync(request, owner);
            }

            return ParseSession(session) is { } date && BookingPages.IndexOf(register.SessionDates, date) >= 0
                ? await pages.AttendanceAsync(request, owner, register, date)
                : await SessionNotFoundAsync(request, owner);
        });

    [Function(nameof(ConsoleMarkAttendance))]
    public Task<IActionResult> ConsoleMarkAttendance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = AttendanceRoute)] HttpRequest request,
        string courseId,
        string session,
        CancellationToken cancellationToken) =>
        guard.PostedAsync(request, async post =>
        {
            var reference = post.Form.GetValueOrDefault(AttendanceModel.ReferenceField) ?? string.Empty;
            bool? attended = post.Form.GetValueOrDefault(AttendanceModel.AttendedField) switch
            {
                "yes" => true,
                "no" => false,
                _ => null,
            };
            if (ParseSession(session) is not { } date)
            {
                return await SessionNotFoundAsync(request, post.Session);
            }

            if (attended is null)
            {
                return await page.NoticeAsync(
                    request, post.Session, "Something went wrong", NoticeKind.FormUnreadable, StatusCodes.Status400BadRequest, text: "That tap didn't say whether the family is here. Please go back and tap again.");
            }

            var outcome = await attendance.MarkAsync(new BookingKey(courseId, reference), date, attended.Value, cancellationToken);
            switch (outcome)
            {
                case AttendanceOutcome.Marked:
                    var courseUrl = $"{ConsolePaths.Base(request)}/courses/{Uri.EscapeDataString(courseId)}";
                    return ConsoleGuard.SeeOther(request, $"{RegisterPage.AttendanceUrl(courseUrl, date)}#b-{Uri.EscapeDataString(reference)}");
                case AttendanceOutcome.NotASession:
                    return await SessionNotFoundAsync(request, post.Session);
                case AttendanceOutcome.NotFound:
                    return await pages.BookingNotFoundAsync(request, post.Session);
            }

            var register = await registers.GetAsync(courseId, cancellationToken);
            if (register is null)
            {
                return await page.CourseNotFoundAsync(request, post.Session);
            }

            return outcome is AttendanceOutcome.Busy
                ? await BusyAsync(request, () => pages.AttendanceAsync(request, post.Session, register, date, TryAgain.CourseBusy, StatusCodes.Status503ServiceUnavailable))
                : await pages.AttendanceAsync(
                    request, post.Session, register, date,
                    "That family no longer has a place on this course (cancelled or moved), so they can't be ticked.", StatusCodes.Status409Conflict);
        }, cancellationToken);

    private static DateOnly? ParseSession(string session) =>
        DateOnly.TryParseExact(session, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    private Task<ContentResult> SessionNotFoundAsync(HttpRequest request, OwnerSession session) =>
        page.RenderAsync<Notice>(
            request, session, ConsoleSection.Courses, "We couldn't find that session",
            new NoticeModel(NoticeKind.CourseNotFound, new ConsoleLinks(ConsolePaths.Dashboard(request), ConsolePaths.Base(request) + "/courses", ConsolePaths.SignIn(request))),
            StatusCodes.Status404NotFound);

    private static async Task<IActionResult> BusyAsync(HttpRequest request, Func<Task<ContentResult>> render)
    {
        TryAgain.SetRetryAfter(request.HttpContext.Response, TryAgain.AfterBusy);
        return await render();
    }
}
