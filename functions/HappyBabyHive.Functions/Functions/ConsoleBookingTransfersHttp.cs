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
/// Moving a family to another course of the same kind from the register: the page lists the courses with space
/// (<see cref="IBookingTransfers.ChoicesAsync"/>), the POST moves them and lands on the new course's register.
/// </summary>
public sealed class ConsoleBookingTransfersHttp(
    ConsoleGuard guard,
    IBookingTransfers transfers,
    IRegisterService registers,
    BookingPages pages,
    ConsolePage page)
{
    private const string MoveRoute = "console/courses/{courseId}/bookings/{reference}/move";

    [Function(nameof(ConsoleChooseMove))]
    public Task<IActionResult> ConsoleChooseMove(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = MoveRoute)] HttpRequest request,
        string courseId,
        string reference,
        CancellationToken cancellationToken) =>
        guard.SignedInAsync(request, async session => await registers.GetAsync(courseId, cancellationToken) switch
        {
            null => await page.CourseNotFoundAsync(request, session),
            var register when BookingPages.Find(register, reference) is { } entry =>
                await pages.MoveAsync(request, session, register, entry, await transfers.ChoicesAsync(new BookingKey(courseId, entry.Reference), cancellationToken)),
            _ => await pages.BookingNotFoundAsync(request, session),
        });

    [Function(nameof(ConsoleMoveBooking))]
    public Task<IActionResult> ConsoleMoveBooking(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = MoveRoute)] HttpRequest request,
        string courseId,
        string reference,
        CancellationToken cancellationToken) =>
        guard.PostedAsync(request, async post =>
        {
            var key = new BookingKey(courseId, reference);
            var toCourseId = post.Form.GetValueOrDefault(MoveBookingModel.ToCourseField)?.Trim() ?? string.Empty;
            var outcome = toCourseId.Length == 0 ? null : await transfers.MoveAsync(key, toCourseId, ChangedBy.Owner, cancellationToken);
            switch (outcome)
            {
                case TransferOutcome.Moved moved:
                    return ConsoleGuard.SeeOther(request, RegisterPage.AfterAction(CourseText.Url(ConsolePaths.Base(request), moved.ToCourse), "moved-in"));
                case TransferOutcome.AlreadyMoved already:
                    return ConsoleGuard.SeeOther(request, RegisterPage.AfterAction(CourseText.Url(ConsolePaths.Base(request), already.ToCourse), "moved-in"));
                case TransferOutcome.NotFound:
                    return await pages.BookingNotFoundAsync(request, post.Session);
            }

            var register = await registers.GetAsync(courseId, cancellationToken);
            if (register is null || BookingPages.Find(register, reference) is not { } entry)
            {
                return await pages.BookingNotFoundAsync(request, post.Session);
            }

            var choices = await transfers.ChoicesAsync(key, cancellationToken);
            var (problem, status) = outcome switch
            {
                null => ("Please choose the course to move them to.", StatusCodes.Status422UnprocessableEntity),
                TransferOutcome.NoSpace => ("That course has just filled up. Please choose another.", StatusCodes.Status409Conflict),
                TransferOutcome.NotMovable notMovable => (notMovable.Reason, StatusCodes.Status409Conflict),
                TransferOutcome.TooLate => ("It's too late to move this booking: the course is about to start.", StatusCodes.Status409Conflict),
                _ => (TryAgain.CourseBusy, StatusCodes.Status503ServiceUnavailable),
            };
            if (status == StatusCodes.Status503ServiceUnavailable)
            {
                TryAgain.SetRetryAfter(request.HttpContext.Response, TryAgain.AfterBusy);
            }

            return await pages.MoveAsync(request, post.Session, register, entry, choices, toCourseId.Length == 0 ? null : toCourseId, problem, status);
        }, cancellationToken);
}
