using HappyBabyHive.Configuration;
using HappyBabyHive.FreePlaces;
using HappyBabyHive.Http;
using HappyBabyHive.Pages.Review;
using HappyBabyHive.Web.Pages;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace HappyBabyHive.Functions;

/// <summary>
/// The owner's review page, opened from the link in her email. GET only shows (email security scanners open links);
/// only the page's own POST decides. The signed token is the capability and travels in the form; a POST from
/// another site is refused by Sec-Fetch-Site / Origin where the browser sends them.
/// </summary>
public sealed class OwnerFreePlaceReviewHttp(
    FreePlaceReviewQuery reviews,
    IFreePlaceDecisionService decisions,
    FreePlaceReviewLinks links,
    FreePlaceReviewPage page,
    IOptions<BusinessOptions> business)
{
    [Function(nameof(ShowFreePlaceReview))]
    public async Task<IActionResult> ShowFreePlaceReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = FreePlaceReviewLinks.Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var token = request.Query[FreePlaceReviewLinks.TokenParameter].ToString();
        var link = links.Verify(token);
        if (!link.IsValid)
        {
            return await page.BadLinkAsync(request.HttpContext.Response, link.Check);
        }

        var view = await reviews.LoadAsync(link.Subject!, token, cancellationToken);
        if (view is null)
        {
            return await page.NotFoundAsync(request.HttpContext.Response);
        }

        return await page.ReviewAsync(
            request.HttpContext.Response,
            view,
            view.Request.Status == FreePlaceStatus.Approving ? "This request is being approved right now, perhaps from another device. Refresh in a moment to see the outcome." : null);
    }

    [Function(nameof(DecideFreePlaceReview))]
    public async Task<IActionResult> DecideFreePlaceReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = FreePlaceReviewLinks.Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var response = request.HttpContext.Response;
        if (IsCrossSite(request))
        {
            return await page.CrossSiteAsync(response);
        }

        if (!request.HasFormContentType)
        {
            return await page.MessageAsync(response, "Please use the review page", "Decisions are made with the buttons on the review page.", StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.ContentLength > JsonBody.MaxBytes)
        {
            return await page.MessageAsync(response, "That's too long", "Please shorten your message and try again.", StatusCodes.Status413PayloadTooLarge);
        }

        // The shared bounded reader, not ReadFormAsync: a chunked body has no Content-Length to check above, and
        // ReadFormAsync throws (a 500) on multipart without a boundary, over 1,024 fields or on a NUL in a value.
        var (form, problem) = await FormBody.ReadAsync(request, cancellationToken);
        if (form is null)
        {
            return await page.MessageAsync(response, "Please use the review page", problem!, StatusCodes.Status400BadRequest);
        }

        var token = form.GetValueOrDefault(FreePlaceReviewLinks.TokenParameter);
        var link = links.Verify(token);
        if (!link.IsValid)
        {
            return await page.BadLinkAsync(response, link.Check);
        }

        // The request comes only from the signed token, never from another form field.
        var requestId = link.Subject!;
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

        return await RenderAsync(response, requestId, token!, outcome, cancellationToken);
    }

    private async Task<IActionResult> RenderAsync(HttpResponse response, string requestId, string token, DecisionOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome is DecisionOutcome.AlreadyDecided already)
        {
            return await page.AlreadyDecidedAsync(response, already.Decision);
        }

        var view = await reviews.LoadAsync(requestId, token, cancellationToken);
        if (view is null)
        {
            return await page.NotFoundAsync(response);
        }

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
                response, view, "This request is being approved right now, perhaps from another device. Please wait a moment and open the link again.", StatusCodes.Status409Conflict),
            DecisionOutcome.Busy => page.ReviewAsync(response, view, TryAgain.CourseBusy, StatusCodes.Status503ServiceUnavailable),
            DecisionOutcome.RequestNotFound => page.NotFoundAsync(response),
            _ => throw new InvalidOperationException($"Unhandled decision outcome {outcome.GetType().Name}."),
        });
    }

    /// <summary>A POST made by another site; the signed token is the real protection, this is belt and braces.</summary>
    internal bool IsCrossSite(HttpRequest request) => SameSiteCheck.IsCrossSite(request, business.Value.PublicBaseUrl);

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
