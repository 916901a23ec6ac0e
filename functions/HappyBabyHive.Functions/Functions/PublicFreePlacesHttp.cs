using HappyBabyHive.Abuse;
using HappyBabyHive.Configuration;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Functions;

/// <summary>Free-place requests posted by the website's form: the same rules as bookings.</summary>
public sealed class PublicFreePlacesHttp(IFreePlaceRequestService requests, Cors cors, PublicPostGuard guard, PublicLimits limits, IOptions<FreePlaceOptions> options)
{
    [Function(nameof(CreateFreePlaceRequest))]
    public async Task<IActionResult> CreateFreePlaceRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", "options", Route = "free-place-requests")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var post = await PublicJsonPost.ReadAsync<FreePlaceRequest>(
            request, cors, guard, PublicFreePlaceFormHttp.FormName, (b, client) => limits.FreePlaceRequest(client, b.Email), cancellationToken);
        if (post is not { Body: { } body, Answer: null })
        {
            return post.Answer!;
        }

        var outcome = await requests.SubmitAsync(body, request.Headers[PublicBookingsHttp.IdempotencyKeyHeader].ToString(), cancellationToken);
        if (outcome is FreePlaceRequestOutcome.Created)
        {
            await guard.CountAsync(post.Limits, cancellationToken);
        }

        return outcome switch
        {
            FreePlaceRequestOutcome.Created created => new ObjectResult(FreePlaceRequestCreatedResponse.From(created.Receipt, options.Value.ReplyWithin)) { StatusCode = StatusCodes.Status201Created },
            FreePlaceRequestOutcome.Replayed replayed => new OkObjectResult(FreePlaceRequestCreatedResponse.From(replayed.Receipt, options.Value.ReplyWithin)),
            FreePlaceRequestOutcome.Invalid invalid => Problems.Validation(invalid.Errors),
            FreePlaceRequestOutcome.CourseNotFound => Problems.NotFound("course"),
            FreePlaceRequestOutcome.CourseNotBookable closed => Problems.Conflict("course-not-bookable", "That course can't take requests.", closed.Detail),
            FreePlaceRequestOutcome.IdempotencyKeyReused => Problems.Create(
                StatusCodes.Status422UnprocessableEntity,
                "idempotency-key-reused",
                "This request was already used for different details.",
                "The Idempotency-Key was sent before with a different request. Use a new key for a new request."),
            FreePlaceRequestOutcome.Ignored => new AcceptedResult(),
            _ => throw new InvalidOperationException($"Unhandled free-place outcome {outcome.GetType().Name}."),
        };
    }
}
