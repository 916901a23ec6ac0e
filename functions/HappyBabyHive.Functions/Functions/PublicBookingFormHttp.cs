using HappyBabyHive.Abuse;
using HappyBabyHive.Bookings;
using HappyBabyHive.Http;
using HappyBabyHive.Pages.Website;
using HappyBabyHive.Web.Forms;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace HappyBabyHive.Functions;

/// <summary>
/// The booking form the business's website embeds or links to. It works as a plain HTML form post (the same
/// <see cref="IBookingService"/> as the JSON API, so the rules live in one place); forms.js enhances it to use the API.
/// </summary>
public sealed class PublicBookingFormHttp(IBookingService bookings, FormPages pages, BookingFormPage page, PublicLimits limits)
{
    public const string FormName = "booking";

    [Function(nameof(BookingForm))]
    public async Task<IActionResult> BookingForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "forms/booking")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var state = new BookingFormState
        {
            CourseId = request.Query["course"].ToString() is { Length: > 0 } course ? course : null,
            IdempotencyKey = FormState.NewIdempotencyKey(),
            FormToken = pages.NewToken(FormName),
        };
        return await page.FormAsync(request, state, StatusCodes.Status200OK, cancellationToken);
    }

    [Function(nameof(BookingFormPost))]
    public async Task<IActionResult> BookingFormPost(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "forms/booking")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var posted = await pages.ReadAsync(
            request, FormName, "booking", BookingFormView.ButtonText, BookingFormState.FromForm, (s, client) => limits.Booking(client, s.Email, s.CourseId), cancellationToken);
        if (posted is not { State: { } state, RefusedStatus: null })
        {
            return posted.Refused ?? await page.FormAsync(request, posted.State!, posted.RefusedStatus!.Value, cancellationToken);
        }

        var outcome = await bookings.BookAsync(state.ToRequest(), state.IdempotencyKey, cancellationToken);
        switch (outcome)
        {
            case BookingOutcome.Created { Receipt.Checkout: { } checkout }:
                // A paid place, held: it counts as accepted (a held place is a place), then straight on to Stripe
                // Checkout (303, so Back never re-posts the form).
                await pages.CountAsync(posted, cancellationToken);
                return SeeOther(request, checkout.Url);
            case BookingOutcome.Replayed { Receipt.Checkout: { } checkout }:
                return SeeOther(request, checkout.Url);
            case BookingOutcome.Created created:
                await pages.CountAsync(posted, cancellationToken);
                return await page.ConfirmationAsync(request, BookingResponse.From(created.Receipt), cancellationToken);
            case BookingOutcome.Replayed replayed:
                return await page.ConfirmationAsync(request, BookingResponse.From(replayed.Receipt), cancellationToken);
            case BookingOutcome.PaymentUnavailable:
                await pages.CountAsync(posted, cancellationToken);
                TryAgain.SetRetryAfter(request.HttpContext.Response, TryAgain.AfterPaymentPage);
                return await page.FormAsync(request, state with { Message = TryAgain.PaymentPageOnForm(BookingFormView.ButtonText) }, StatusCodes.Status503ServiceUnavailable, cancellationToken);
            case BookingOutcome.Ignored:
                return await pages.ThanksAsync(request);
            case BookingOutcome.Invalid invalid:
                return await page.FormAsync(request, state with { Errors = invalid.Errors }, StatusCodes.Status422UnprocessableEntity, cancellationToken);
            case BookingOutcome.CourseNotFound:
                return await page.FormAsync(request, FormState.WithFieldError(state, FieldNames.CourseId, BookingFormView.CourseGoneMessage), StatusCodes.Status422UnprocessableEntity, cancellationToken);
            case BookingOutcome.CourseNotBookable closed:
                return await page.FormAsync(request, FormState.WithFieldError(state, FieldNames.CourseId, closed.Detail), StatusCodes.Status409Conflict, cancellationToken);
            case BookingOutcome.IdempotencyKeyReused:
                // The form was used for one booking and then changed (e.g. Back, then a second baby): a fresh key makes
                // the next press a new booking, and the parent is told so.
                return await page.FormAsync(
                    request,
                    state with { IdempotencyKey = FormState.NewIdempotencyKey(), Message = BookingFormView.ReusedKeyMessage },
                    StatusCodes.Status422UnprocessableEntity,
                    cancellationToken);
            case BookingOutcome.Busy:
                return await page.FormAsync(request, state with { Message = $"{TryAgain.BookingBusy} Please press Book my place again in a moment; {TryAgain.NotBookedTwice}" }, StatusCodes.Status503ServiceUnavailable, cancellationToken);
            default:
                throw new InvalidOperationException($"Unhandled booking outcome {outcome.GetType().Name}.");
        }
    }

    /// <summary>303 See Other to Stripe Checkout: the browser follows with a GET, and Back never re-posts the booking form.</summary>
    private static StatusCodeResult SeeOther(HttpRequest request, Uri checkout)
    {
        request.HttpContext.Response.Headers.Location = checkout.AbsoluteUri;
        return new StatusCodeResult(StatusCodes.Status303SeeOther);
    }
}
