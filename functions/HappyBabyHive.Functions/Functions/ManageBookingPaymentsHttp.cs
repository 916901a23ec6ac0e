using HappyBabyHive.Courses;
using HappyBabyHive.Http;
using HappyBabyHive.Payments.Manual;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>
/// The owner records money paid or given back by bank transfer or cash (admin API, function keys): PUT marks it, and
/// DELETE …/payment/paid undoes a mistaken "paid". Each is idempotent (a repeat answers Changed: false). The console's
/// single-booking page calls the same service.
/// </summary>
public sealed class ManageBookingPaymentsHttp(OwnerPaymentService payments)
{
    [Function(nameof(MarkBookingPaid))]
    public async Task<IActionResult> MarkBookingPaid(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = ManageBookingsHttp.BookingRoute + "/payment/paid")] HttpRequest request,
        string courseId,
        string reference,
        CancellationToken cancellationToken) =>
        Map(await payments.RecordAsync(new BookingKey(courseId, reference), OwnerPaymentAction.MarkPaid, cancellationToken), courseId);

    [Function(nameof(UndoBookingPaid))]
    public async Task<IActionResult> UndoBookingPaid(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = ManageBookingsHttp.BookingRoute + "/payment/paid")] HttpRequest request,
        string courseId,
        string reference,
        CancellationToken cancellationToken) =>
        Map(await payments.RecordAsync(new BookingKey(courseId, reference), OwnerPaymentAction.UndoPaid, cancellationToken), courseId);

    [Function(nameof(MarkBookingRefunded))]
    public async Task<IActionResult> MarkBookingRefunded(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = ManageBookingsHttp.BookingRoute + "/payment/refunded")] HttpRequest request,
        string courseId,
        string reference,
        CancellationToken cancellationToken) =>
        Map(await payments.RecordAsync(new BookingKey(courseId, reference), OwnerPaymentAction.MarkRefunded, cancellationToken), courseId);

    internal static IActionResult Map(OwnerPaymentOutcome outcome, string courseId) => outcome switch
    {
        OwnerPaymentOutcome.Changed c => new OkObjectResult(BookingPaymentResponse.From(c.Booking, courseId, changed: true)),
        OwnerPaymentOutcome.Unchanged u => new OkObjectResult(BookingPaymentResponse.From(u.Booking, courseId, changed: false)),
        OwnerPaymentOutcome.NotAllowed n => Problems.Conflict("payment-not-recordable", "That can't be recorded for this booking.", n.Reason),
        OwnerPaymentOutcome.NotFound => Problems.NotFound("booking"),
        OwnerPaymentOutcome.Busy => ManageBookingsHttp.CourseBusy(),
        _ => throw new InvalidOperationException($"Unhandled payment outcome {outcome.GetType().Name}."),
    };
}
