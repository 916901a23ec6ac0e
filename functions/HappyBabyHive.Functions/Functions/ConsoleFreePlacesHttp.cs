using HappyBabyHive.FreePlaces;
using HappyBabyHive.Http;
using HappyBabyHive.OwnerConsole.Sessions;
using HappyBabyHive.Pages.Review;
using HappyBabyHive.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>
/// One free-place request in the console: the family's details and note, and the approve and decline forms. The
/// note is special-category data, so both the page and a decision need a recent emailed sign-in (ConsoleGuard asks
/// for a fresh link otherwise); the forms carry the session's CSRF token.
/// </summary>
public sealed class ConsoleFreePlacesHttp(
    ConsoleGuard guard,
    FreePlaceReviewQuery reviews,
    IFreePlaceDecisionService decisions,
    FreePlaceReviewPage page)
{
    [Function(nameof(ConsoleFreePlaceRequest))]
    public Task<IActionResult> ConsoleFreePlaceRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "console/free-places/{requestId}")] HttpRequest request,
        string requestId,
        CancellationToken cancellationToken) =>
        guard.RecentlySignedInAsync(request, async session =>
        {
            var view = FreePlaceRequestIds.IsValid(requestId) ? await reviews.LoadAsync(requestId, session.CsrfToken, cancellationToken) : null;
            if (view is null)
            {
                return await page.NotFoundAsync(request.HttpContext.Response);
            }

            return await page.ReviewAsync(
                request.HttpContext.Response,
                ForConsole(request, view),
                view.Request.Status == FreePlaceStatus.Approving ? "This request is being approved right now, perhaps from another device. Refresh in a moment to see the outcome." : null);
        });

    [Function(nameof(ConsoleDecideFreePlace))]
    public Task<IActionResult> ConsoleDecideFreePlace(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "console/free-places/{requestId}")] HttpRequest request,
        string requestId,
        CancellationToken cancellationToken) =>
        guard.RecentlySignedInPostAsync(request, async post =>
        {
            var response = request.HttpContext.Response;
            if (!FreePlaceRequestIds.IsValid(requestId))
            {
                return await page.NotFoundAsync(response);
            }

            var form = post.Form;
            var outcome = form.GetValueOrDefault(DecideModel.DecisionField) switch
            {
                "approve" => await decisions.ApproveAsync(requestId, NullIfEmpty(form.GetValueOrDefault(DecideModel.CourseField)), form.GetValueOrDefault(DecideModel.GeneralPlaceField) == "true", DecisionRoute.Link, cancellationToken),
                "decline" => await decisions.DeclineAsync(requestId, NullIfEmpty(form.GetValueOrDefault(DecideModel.MessageField)), DecisionRoute.Link, cancellationToken),
                _ => null,
            };
            if (outcome is null)
            {
                return await page.MessageAsync(response, "Please use the review page", "Choose approve or decline with the buttons on the review page.", StatusCodes.Status400BadRequest);
            }

            return await RenderAsync(request, requestId, post.Session, outcome, cancellationToken);
        }, cancellationToken);

    private async Task<IActionResult> RenderAsync(HttpRequest request, string requestId, OwnerSession session, DecisionOutcome outcome, CancellationToken cancellationToken)
    {
        var response = request.HttpContext.Response;
        if (outcome is DecisionOutcome.AlreadyDecided already)
        {
            return await page.AlreadyDecidedAsync(response, already.Decision);
        }

        var loaded = await reviews.LoadAsync(requestId, session.CsrfToken, cancellationToken);
        if (loaded is null)
        {
            return await page.NotFoundAsync(response);
        }

        var view = ForConsole(request, loaded);

        // Refused because another device got there first (usually "in progress"), and that decision has landed by
        // now: the decision that stands is the one thing to say, not the refusal as well.
        if (view.Decision is { } standing && outcome is not (DecisionOutcome.Approved or DecisionOutcome.Declined))
        {
            return await page.AlreadyDecidedAsync(response, standing);
        }

        return await (outcome switch
        {
            DecisionOutcome.Approved approved => page.DecidedAsync(response, approved.Decision, view.Request),
            DecisionOutcome.Declined declined => page.DecidedAsync(response, declined.Decision, view.Request),
            DecisionOutcome.NoFreePlacesLeft none when none.GeneralSpacesLeft > 0 => page.ReviewAsync(
                response, view,
                $"There are no free places left on {none.CourseTitle}. You can give a general place instead: tick the box below and approve again.",
                StatusCodes.Status409Conflict, suggestGeneralPlace: true),
            DecisionOutcome.NoFreePlacesLeft none => page.ReviewAsync(
                response, view, $"There are no free places or general spaces left on {none.CourseTitle}. Please choose another course.", StatusCodes.Status409Conflict),
            DecisionOutcome.NoGeneralPlacesLeft none => page.ReviewAsync(
                response, view, $"There are no general spaces left on {none.CourseTitle}. Please choose another course.", StatusCodes.Status409Conflict),
            DecisionOutcome.AlreadyBooked booked => page.ReviewAsync(
                response, view, $"This family already has a place on {booked.CourseTitle} (booking {booked.BookingReference}).", StatusCodes.Status409Conflict),
            DecisionOutcome.CourseNotBookable closed => page.ReviewAsync(response, view, $"{closed.CourseTitle}: {closed.Detail} Please choose another course.", StatusCodes.Status409Conflict),
            DecisionOutcome.CourseNotFound => page.ReviewAsync(response, view, "That course no longer exists. Please choose another.", StatusCodes.Status404NotFound),
            DecisionOutcome.Invalid invalid => page.ReviewAsync(response, view, string.Join(' ', invalid.Errors.SelectMany(e => e.Value)), StatusCodes.Status422UnprocessableEntity),
            DecisionOutcome.InProgress => page.ReviewAsync(
                response, view, "This request is being approved right now, perhaps from another device. Please wait a moment and open it again.", StatusCodes.Status409Conflict),
            DecisionOutcome.Busy => page.ReviewAsync(response, view, TryAgain.CourseBusy, StatusCodes.Status503ServiceUnavailable),
            DecisionOutcome.RequestNotFound => page.NotFoundAsync(response),
            _ => throw new InvalidOperationException($"Unhandled decision outcome {outcome.GetType().Name}."),
        });
    }

    // The page's forms post back here with the session's CSRF token (the guard checks it), never a bearer token.
    private static ReviewView ForConsole(HttpRequest request, ReviewView view) =>
        view with { FormAction = ConsolePaths.FreePlaceRequest(request, view.Request.Id), FormTokenField = ConsoleGuard.CsrfField };

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
