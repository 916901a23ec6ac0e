using HappyBabyHive.Abuse;
using HappyBabyHive.Bookings;
using HappyBabyHive.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>Bookings posted by the website's form.</summary>
public sealed class PublicBookingsHttp(IBookingService bookings, Cors cors, PublicPostGuard guard, PublicLimits limits)
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    [Function(nameof(CreateBooking))]
    public async Task<IActionResult> CreateBooking(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "bookings")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var post = await PublicJsonPost.ReadAsync<BookingRequest>(
            request, cors, guard, PublicBookingFormHttp.FormName, (b, client) => limits.Booking(client, b.Email, b.CourseId), cancellationToken);
        if (post is not { Body: { } body, Answer: null })
        {
            return post.Answer!;
        }

        var outcome = await bookings.BookAsync(body, request.Headers[IdempotencyKeyHeader].ToString(), cancellationToken);
        // A place held while the family pays counts as accepted too: otherwise a script could hold every place by
        // starting checkouts it never finishes.
        if (outcome is BookingOutcome.Created or BookingOutcome.PaymentUnavailable)
        {
            await guard.CountAsync(post.Limits, cancellationToken);
        }

        return outcome switch
        {
            BookingOutcome.Created created => new ObjectResult(BookingResponse.From(created.Receipt)) { StatusCode = StatusCodes.Status201Created },
            BookingOutcome.Replayed replayed => new OkObjectResult(BookingResponse.From(replayed.Receipt)),
            BookingOutcome.Invalid invalid => Problems.Validation(invalid.Errors),
            BookingOutcome.CourseNotFound => Problems.NotFound("course"),
            BookingOutcome.CourseNotBookable closed => Problems.Conflict("course-not-bookable", "This course can't be booked.", closed.Detail),
            BookingOutcome.IdempotencyKeyReused => Problems.Create(
                StatusCodes.Status422UnprocessableEntity,
                "idempotency-key-reused",
                "This request was already used for different details.",
                "The Idempotency-Key was sent before with a different booking. Use a new key for a new booking."),
            BookingOutcome.Busy => Problems.Busy(),
            BookingOutcome.PaymentUnavailable => Problems.PaymentPageUnavailable(),
            BookingOutcome.Ignored => new AcceptedResult(),
            _ => throw new InvalidOperationException($"Unhandled booking outcome {outcome.GetType().Name}."),
        };
    }
}
