using HappyBabyHive.Courses;
using HappyBabyHive.Http;
using HappyBabyHive.OwnerConsole.Pages;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Console;
using HappyBabyHive.Payments.Manual;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>
/// The owner's page for one booking's money: see where it stands, mark a bank-transfer or cash payment paid (or undo a
/// mistaken mark), and mark a by-hand refund given back. Every change is a POST carrying the session's CSRF token,
/// answered with a 303 so a refresh never repeats it.
/// </summary>
public sealed class ConsoleBookingPaymentsHttp(ConsoleGuard guard, OwnerPaymentService payments, BookingPaymentPage page)
{
    private const string PaymentRoute = "console/courses/{courseId}/bookings/{reference}/payment";

    [Function(nameof(ConsoleBookingPayment))]
    public Task<IActionResult> ConsoleBookingPayment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = PaymentRoute)] HttpRequest request,
        string courseId,
        string reference,
        CancellationToken cancellationToken) =>
        guard.SignedInAsync(request, session => page.RenderAsync(request, session, new BookingKey(courseId, reference), request.Query["done"].ToString(), cancellationToken: cancellationToken));

    [Function(nameof(ConsoleRecordBookingPayment))]
    public Task<IActionResult> ConsoleRecordBookingPayment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = PaymentRoute)] HttpRequest request,
        string courseId,
        string reference,
        CancellationToken cancellationToken) =>
        guard.PostedAsync(request, async post =>
        {
            var key = new BookingKey(courseId, reference);
            var choice = post.Form.GetValueOrDefault(BookingPaymentModel.ActionField);
            OwnerPaymentAction? action = choice switch
            {
                BookingPaymentModel.MarkPaid => OwnerPaymentAction.MarkPaid,
                BookingPaymentModel.UndoPaid => OwnerPaymentAction.UndoPaid,
                BookingPaymentModel.MarkRefunded => OwnerPaymentAction.MarkRefunded,
                _ => null,
            };
            if (action is null)
            {
                return await page.RenderAsync(request, post.Session, key, problem: "Please choose one of the buttons.", statusCode: StatusCodes.Status400BadRequest, cancellationToken: cancellationToken);
            }

            return await payments.RecordAsync(key, action.Value, cancellationToken) switch
            {
                OwnerPaymentOutcome.Changed or OwnerPaymentOutcome.Unchanged =>
                    ConsoleGuard.SeeOther(request, BookingPaymentPage.Url(ConsolePaths.Base(request), courseId, reference) + "?done=" + choice),
                OwnerPaymentOutcome.NotAllowed refused => await page.RenderAsync(request, post.Session, key, problem: refused.Reason, statusCode: StatusCodes.Status409Conflict, cancellationToken: cancellationToken),
                OwnerPaymentOutcome.Busy => await BusyAsync(request, () => page.RenderAsync(request, post.Session, key, problem: TryAgain.CourseBusy, statusCode: StatusCodes.Status503ServiceUnavailable, cancellationToken: cancellationToken)),
                _ => await page.RenderAsync(request, post.Session, key, cancellationToken: cancellationToken),
            };
        }, cancellationToken);

    private static async Task<IActionResult> BusyAsync(HttpRequest request, Func<Task<IActionResult>> render)
    {
        TryAgain.SetRetryAfter(request.HttpContext.Response, TryAgain.AfterBusy);
        return await render();
    }
}
