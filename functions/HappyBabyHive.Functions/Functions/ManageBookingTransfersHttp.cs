using HappyBabyHive.Bookings.Changes;
using HappyBabyHive.Courses;
using HappyBabyHive.Http;
using HappyBabyHive.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>Moving a family to another course of the same kind in the admin API (function keys), through <see cref="IBookingTransfers"/>.</summary>
public sealed class ManageBookingTransfersHttp(IBookingTransfers transfers)
{
    private const string BookingRoute = ManageBookingsHttp.BookingRoute;

    [Function(nameof(ListMoveChoices))]
    public async Task<IActionResult> ListMoveChoices(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = BookingRoute + "/move")] HttpRequest request,
        string courseId,
        string reference,
        CancellationToken cancellationToken) =>
        new OkObjectResult((await transfers.ChoicesAsync(new BookingKey(courseId, reference), cancellationToken)).Select(MoveChoiceResponse.From));

    [Function(nameof(MoveBooking))]
    public async Task<IActionResult> MoveBooking(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = BookingRoute + "/move")] HttpRequest request,
        string courseId,
        string reference,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<MoveBookingBody>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(body!.ToCourseId))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["toCourseId"] = ["Say which course to move the family to (its id)."] });
        }

        return Map(await transfers.MoveAsync(new BookingKey(courseId, reference), body.ToCourseId, ChangedBy.Owner, cancellationToken));
    }

    internal static IActionResult Map(TransferOutcome outcome) => outcome switch
    {
        TransferOutcome.Moved moved => new OkObjectResult(BookingMovedResponse.From(moved)),
        TransferOutcome.AlreadyMoved already => new OkObjectResult(BookingMovedResponse.From(already)),
        TransferOutcome.NoSpace => Problems.Conflict("no-space", "That course has no place free.", "Choose another course from GET …/move, which lists the courses with space."),
        TransferOutcome.NotMovable not => Problems.Conflict("not-movable", "This booking can't be moved.", not.Reason),
        TransferOutcome.TooLate late => Problems.Conflict(
            "too-late", "It's too late to move this booking.", $"The cut-off was {UkDateFormat.DayAndDate(late.CutOffUtc)} at {UkDateFormat.Clock(late.CutOffUtc)}."),
        TransferOutcome.NotFound => Problems.NotFound("booking or course"),
        TransferOutcome.Busy => ManageBookingsHttp.CourseBusy(),
        _ => throw new InvalidOperationException($"Unhandled transfer outcome {outcome.GetType().Name}."),
    };
}
