using HappyBabyHive.Courses;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>
/// The owner's admin API for tools and scripts, behind function keys (AuthorizationLevel.Function: the caller sends
/// x-functions-key). Routes live under "manage/" because the Functions host reserves "admin/" for itself.
/// </summary>
public sealed class ManageFreePlacesHttp(IFreePlaceRequestStore store, ICourseStore courses, IFreePlaceDecisionService decisions)
{
    public const string RoutePrefix = "manage/free-place-requests";

    [Function(nameof(ListFreePlaceRequests))]
    public async Task<IActionResult> ListFreePlaceRequests(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = RoutePrefix)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var statusText = request.Query["status"].ToString();
        FreePlaceStatus? status = null;
        if (statusText.Length > 0 && !string.Equals(statusText, "all", StringComparison.OrdinalIgnoreCase))
        {
            if (!Enum.TryParse<FreePlaceStatus>(statusText, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(statusText, out _))
            {
                return Problems.Create(StatusCodes.Status400BadRequest, "bad-status", "Unknown status.", "Use status=pending, approving, approved, declined or all.");
            }

            status = parsed;
        }

        var list = await store.ListAsync(status, cancellationToken);
        return new OkObjectResult(list.Select(FreePlaceRequestSummaryResponse.From));
    }

    [Function(nameof(GetFreePlaceRequest))]
    public async Task<IActionResult> GetFreePlaceRequest(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = RoutePrefix + "/{requestId}")] HttpRequest request,
        string requestId,
        CancellationToken cancellationToken)
    {
        var found = await store.FindAsync(requestId, cancellationToken);
        if (found is null)
        {
            return Problems.NotFound("free-place request");
        }

        var course = found.ApprovedCourseId is { } courseId ? await courses.FindAsync(courseId, cancellationToken) : null;
        return new OkObjectResult(FreePlaceRequestResponse.From(found, course?.Title));
    }

    [Function(nameof(ApproveFreePlaceRequest))]
    public async Task<IActionResult> ApproveFreePlaceRequest(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = RoutePrefix + "/{requestId}/approve")] HttpRequest request,
        string requestId,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<ApproveFreePlaceBody>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return Map(await decisions.ApproveAsync(requestId, body!.CourseId, body.UseGeneralPlace, DecisionRoute.Api, cancellationToken));
    }

    [Function(nameof(DeclineFreePlaceRequest))]
    public async Task<IActionResult> DeclineFreePlaceRequest(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = RoutePrefix + "/{requestId}/decline")] HttpRequest request,
        string requestId,
        CancellationToken cancellationToken)
    {
        DeclineFreePlaceBody body = new();
        if (request.ContentLength is > 0 || request.ContentType is not null)
        {
            var (read, problem) = await JsonBody.ReadAsync<DeclineFreePlaceBody>(request, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            body = read!;
        }

        return Map(await decisions.DeclineAsync(requestId, body.Message, DecisionRoute.Api, cancellationToken));
    }

    internal static IActionResult Map(DecisionOutcome outcome) => outcome switch
    {
        DecisionOutcome.Approved approved => new OkObjectResult(DecisionResponse.From(approved.Decision)),
        DecisionOutcome.Declined declined => new OkObjectResult(DecisionResponse.From(declined.Decision, declined.Message)),
        DecisionOutcome.RequestNotFound => Problems.NotFound("free-place request"),
        DecisionOutcome.AlreadyDecided already => Problems.Conflict(
            "already-decided",
            $"This request was already {already.Decision.Status.ToString().ToLowerInvariant()}.",
            $"It was {already.Decision.Status.ToString().ToLowerInvariant()} at {already.Decision.DecidedUtc:u} via {already.Decision.Via.ToString().ToLowerInvariant()}. A request is decided once."),
        DecisionOutcome.InProgress => Problems.Conflict(
            "approval-in-progress", "This request is being approved right now.", "Another approval of this request is running. Fetch the request in a moment to see the outcome."),
        DecisionOutcome.Invalid invalid => Problems.Validation(invalid.Errors),
        DecisionOutcome.CourseNotFound => Problems.NotFound("course"),
        DecisionOutcome.CourseNotBookable closed => Problems.Conflict("course-not-bookable", $"{closed.CourseTitle} can't take bookings.", closed.Detail),
        DecisionOutcome.NoFreePlacesLeft none => Problems.Conflict(
            "no-free-places-left",
            "No free places left on this course.",
            none.GeneralSpacesLeft > 0
                ? $"Every free place on {none.CourseTitle} is taken. You can give a general place instead: approve again with \"useGeneralPlace\": true ({none.GeneralSpacesLeft} general spaces left)."
                : $"Every free place and every general space on {none.CourseTitle} is taken. Choose another course."),
        DecisionOutcome.NoGeneralPlacesLeft none => Problems.Conflict(
            "no-general-places-left", "No general spaces left on this course.", $"Every general space on {none.CourseTitle} is taken. Choose another course."),
        DecisionOutcome.AlreadyBooked booked => Problems.Conflict(
            "already-booked", "This family already has a place on this course.", $"They already hold booking {booked.BookingReference} on {booked.CourseTitle}."),
        DecisionOutcome.Busy => Problems.Busy(),
        _ => throw new InvalidOperationException($"Unhandled decision outcome {outcome.GetType().Name}."),
    };
}
